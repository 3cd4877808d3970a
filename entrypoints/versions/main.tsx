import { render } from 'preact';
import { History } from '../../components/History';
import '../../components/theme.css';

render(<History pageUrl={new URLSearchParams(location.search).get('page')} />, document.getElementById('app')!);
