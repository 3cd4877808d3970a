import { render } from 'preact';
import { CensorshipLog } from '../../components/CensorshipLog';
import { LockGate } from '../../components/LockGate';
import '../../components/theme.css';
import { localizePage } from '../../utils/i18n';

// Before the first render: the page's language, direction and title, from the messages.
localizePage('titleLog');

render(<LockGate><CensorshipLog /></LockGate>, document.getElementById('app')!);
