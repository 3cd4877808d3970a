import { render } from 'preact';
import { Reader } from '../../components/Reader';
import { LockGate } from '../../components/LockGate';
import '../../components/theme.css';
import { localizePage } from '../../utils/i18n';

// Before the first render: the page's language, direction and title, from the messages.
localizePage('titleReader');

render(<LockGate><Reader snapshotId={new URLSearchParams(location.search).get('snapshot')} /></LockGate>, document.getElementById('app')!);
