import { compareSystems } from './compare-systems.ts';
import { minisearch } from './systems/minisearch.ts';
import { nlpjs } from './systems/nlpjs.ts';
import { featureRanker, featureRankerWithCnn, featureRankerWithCnnRecall, ours, oursPretrainedEncoder, oursWithCnn, oursWithWordVectors } from './systems/ours.ts';

const data = new URL('../../shared/datasets/clinc150/', import.meta.url).pathname;
await compareSystems('clinc150', { kb: `${data}kb.jsonl`, dev: `${data}queries-dev.jsonl`, test: `${data}queries-test.jsonl` }, 'en', [featureRanker, featureRankerWithCnn, featureRankerWithCnnRecall, oursPretrainedEncoder, ours, oursWithWordVectors, oursWithCnn, nlpjs, minisearch]);
