import { render } from 'preact';
import { Settings } from '../../components/Settings';
import '../../components/theme.css';

render(<Settings />, document.getElementById('app')!);
