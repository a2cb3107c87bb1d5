import { compareSystems } from './compare-systems.ts';
import { minisearch } from './systems/minisearch.ts';
import { nlpjs } from './systems/nlpjs.ts';
import { featureRanker, featureRankerWithCnn, featureRankerWithCnnRecall, ours, oursWithCnn, oursWithSynonyms } from './systems/ours.ts';

const dir = new URL('../examples/education-zh/', import.meta.url).pathname;
await compareSystems('education-zh', { kb: `${dir}kb.jsonl`, dev: `${dir}queries-dev.jsonl`, test: `${dir}queries-test.jsonl` }, 'zh', [featureRanker, featureRankerWithCnn, featureRankerWithCnnRecall, ours, oursWithSynonyms(`${dir}synonyms.txt`), oursWithCnn, nlpjs, minisearch]);
