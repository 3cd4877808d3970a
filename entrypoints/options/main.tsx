import { render } from 'preact';
import { Settings } from '../../components/Settings';
import { LockGate } from '../../components/LockGate';
import '../../components/theme.css';
import { localizePage } from '../../utils/i18n';

// Before the first render: the page's language, direction and title, from the messages.
localizePage('titleSettings');

render(<LockGate><Settings /></LockGate>, document.getElementById('app')!);
