import { render } from 'preact';
import { Settings } from '../../components/Settings';
import '../../components/theme.css';
import { localizePage } from '../../utils/i18n';

// Before the first render: the page's language, direction and title, from the messages.
localizePage('titleSettings');

render(<Settings />, document.getElementById('app')!);
