import { compareSystems } from './compare-systems.ts';
import { minisearch } from './systems/minisearch.ts';
import { nlpjs } from './systems/nlpjs.ts';
import { featureRanker, featureRankerWithCnn, featureRankerWithCnnRecall, ours, oursPretrainedEncoder, oursWithCnn, oursWithWordVectors } from './systems/ours.ts';
import { clinc150Dir } from './clinc150-data.ts';

const data = clinc150Dir();
// CLINC150's answers are its intent labels ("[insurance_change]"): matching queries against them would score the
// dataset's format, not the bot, so our bots rank on the questions alone here.
await compareSystems('clinc150', { kb: `${data}kb.jsonl`, dev: `${data}queries-dev.jsonl`, test: `${data}queries-test.jsonl` }, 'en', [featureRanker, featureRankerWithCnn, featureRankerWithCnnRecall, oursPretrainedEncoder, ours, oursWithWordVectors, oursWithCnn, nlpjs, minisearch], { answerWeight: 0 });
