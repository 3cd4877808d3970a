import { render } from 'preact';
import { Library } from '../../components/Library';
import '../../components/theme.css';

render(<Library />, document.getElementById('app')!);
