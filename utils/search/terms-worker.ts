import { answerCalls } from '../workers/answer';
import { indexTerms, type TermsSource } from './index-terms';

/**
 * A worker that makes an import's search terms while the page reads the rest of the archive:
 * on the page's own thread they took more than half of an import's last transaction
 * (docs/BENCHMARKS.md). It answers a batch of copies with each one's terms.
 */
answerCalls<TermsSource[], string[][]>((copies) => ({ output: copies.map(indexTerms) }));
