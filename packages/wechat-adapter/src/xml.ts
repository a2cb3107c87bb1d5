import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WechatError } from './errors.ts';

// Only XML's five predefined entities and character references are decoded ("&amp;" in a Content without CDATA):
// a DOCTYPE, the only way to declare others, is refused before parsing.
const parser = new XMLParser({ processEntities: true, htmlEntities: false, ignoreDeclaration: true, parseTagValue: false, trimValues: true, cdataPropName: false });

/**
 * Parses a WeChat XML message into its fields. DOCTYPE and entity declarations are refused outright (XXE);
 * XML the parser gives up on (nesting too deep) is bad XML too.
 */
export function parseWechatXml(text: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new WechatError('WECHAT_BAD_XML', 'XML with a DOCTYPE or entities is refused');
  if (XMLValidator.validate(text) !== true) throw new WechatError('WECHAT_BAD_XML', 'the body is not well-formed XML');
  let root: unknown;
  try {
    root = (parser.parse(text) as { xml?: unknown }).xml;
  } catch (error) {
    throw new WechatError('WECHAT_BAD_XML', `the XML cannot be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
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
