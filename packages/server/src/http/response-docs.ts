/**
 * OpenAPI answers of routes whose success is not a 200 (a route without `response` is documented as 200). Only
 * 204 has a type: a schema with one would pass the body through a serializer that keeps only the listed fields.
 *
 * @example app.delete('/api/x/:id', { schema: { response: noContent('deleted') } }, async (_request, reply) => reply.code(204).send())
 */
export const noContent = (description: string) => ({ 204: { description, type: 'null' } });
export const created = (description: string) => ({ 201: { description } });
export const accepted = (description: string) => ({ 202: { description } });
