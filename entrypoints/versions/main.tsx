import { render } from 'preact';
import { History } from '../../components/History';
import { LockGate } from '../../components/LockGate';
import '../../components/theme.css';
import { localizePage } from '../../utils/i18n';

// Before the first render: the page's language, direction and title, from the messages.
localizePage('titleHistory');

render(<LockGate><History pageUrl={new URLSearchParams(location.search).get('page')} /></LockGate>, document.getElementById('app')!);
