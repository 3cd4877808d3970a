import { render } from 'preact';
import { Reader } from '../../components/Reader';
import '../../components/theme.css';

render(<Reader snapshotId={new URLSearchParams(location.search).get('snapshot')} />, document.getElementById('app')!);
