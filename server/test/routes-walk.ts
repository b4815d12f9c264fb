// The app's operations as listed in its OpenAPI document: what the route walks (the fuzz walk, the
// cross-county walk) iterate over, so a route added tomorrow is walked without touching the tests.
import type { Permission } from '@shixun/common';
import { permissionOfDescription } from '../src/access/permissions.js';
import type { App } from '../src/deps.js';

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  [k: string]: unknown;
};

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path template, e.g. `/api/teachers/{id}`. */
  path: string;
  pathParams: Array<{ name: string; schema: JsonSchema }>;
  queryParams: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  /** Request body content types (`application/json`, `multipart/form-data`), empty when none. */
  bodyTypes: string[];
  bodySchema: JsonSchema | null;
  /** Routes marked `config.public` carry `security: []` in the document. */
  public: boolean;
  /** The permission the route declares (named in its description by the access layer); null when public. */
  permission: Permission | null;
  tags: string[];
}

type OpenApiOperation = {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: unknown[];
  tags?: string[];
  description?: string;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every documented operation of the app (hidden routes such as the web shell are not listed). */
export function operations(app: App): Operation[] {
  const doc = app.swagger() as { paths?: Record<string, Partial<Record<string, OpenApiOperation>>> };
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      out.push({
        method: m.toUpperCase() as Operation['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        queryParams: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: !!p.required, schema: p.schema ?? {} })),
        bodyTypes: Object.keys(content),
        bodySchema: content['application/json']?.schema ?? null,
        public: Array.isArray(op.security) && op.security.length === 0,
        permission: permissionOfDescription(op.description),
        tags: op.tags ?? [],
      });
    }
  }
  return out;
}

/** Fills a path template: `{id}` → the value `fill(name)` returns for that parameter. */
export function fillPath(template: string, fill: (name: string) => string | number): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(fill(name))));
}
