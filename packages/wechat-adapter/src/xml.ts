import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WechatError } from './errors.ts';

const parser = new XMLParser({ processEntities: false, ignoreDeclaration: true, parseTagValue: false, trimValues: true, cdataPropName: false });

/**
 * Parses a WeChat XML message into its fields. DOCTYPE and entity declarations are refused outright (XXE),
 * and entities are never expanded.
 */
export function parseWechatXml(text: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new WechatError('WECHAT_BAD_XML', 'XML with a DOCTYPE or entities is refused');
  if (XMLValidator.validate(text) !== true) throw new WechatError('WECHAT_BAD_XML', 'the body is not well-formed XML');
  const root = (parser.parse(text) as { xml?: unknown }).xml;
  if (!root || typeof root !== 'object') throw new WechatError('WECHAT_BAD_XML', 'expected an <xml> root element');
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(root as Record<string, unknown>)) if (typeof value === 'string' || typeof value === 'number') fields[key] = String(value);
  return fields;
}

/** Wraps text in CDATA; a `]]>` inside is split so it cannot end the section early. */
const cdata = (text: string) => `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** Builds a reply `<xml>`: strings become CDATA, numbers stay bare (CreateTime). */
export function buildWechatXml(fields: Record<string, string | number>): string {
  return `<xml>${Object.entries(fields).map(([k, v]) => `<${k}>${typeof v === 'number' ? v : cdata(v)}</${k}>`).join('')}</xml>`;
}
