import { Ajv, type Options } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

// strict: false so OpenAPI-only keywords in route schemas (summary, tags…) are not compile errors.
const shared: Options = { removeAdditional: false, useDefaults: true, strict: false };
const typedJson = new Ajv({ ...shared, coerceTypes: false });
const text = new Ajv({ ...shared, coerceTypes: 'array' });

/**
 * A JSON body says what type each value is, so `{"text": 12}` where a string belongs is a 400, not "12".
 * Query strings, path parameters and headers are text on the wire, so there "10" still becomes 10.
 */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => (httpPart === 'body' ? typedJson : text).compile(schema);
