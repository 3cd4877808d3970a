import { render } from 'preact';
import { Library } from '../../components/Library';
import '../../components/theme.css';

render(<Library initialQuery={new URLSearchParams(location.search).get('q') ?? ''} />, document.getElementById('app')!);
