import { render } from 'preact';
import { Library, type LibraryStart } from '../../components/Library';
import { LockGate } from '../../components/LockGate';
import '../../components/theme.css';
import { localizePage } from '../../utils/i18n';

// Before the first render: the page's language, direction and title, from the messages.
localizePage('titleLibrary');

const params = new URLSearchParams(location.search);
const page = params.get('page');
const start: LibraryStart = { query: params.get('q') ?? '', export: params.get('export') === 'all' ? 'all' : page ? { page } : null };

render(<LockGate><Library start={start} /></LockGate>, document.getElementById('app')!);
