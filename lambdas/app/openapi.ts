// The OpenAPI 3.1 description of the auditor API served at /openapi.json.
import { REJECTION_CODES, REVISION_FORMATS, VERSION_STATUSES } from '../core/vocabulary.ts';
import { CHANGE_KINDS, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_WINDOW_DAYS } from './queries.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const jsonContent = (schema: unknown) => ({ 'application/json': { schema } });
const errors = {
  '400': { description: 'A parameter is invalid (the body names it).', content: jsonContent(ref('Error')) },
  '404': { description: 'No such story, version or route.', content: jsonContent(ref('Error')) },
};
/** The deployed API only (a Lambda function URL returns at most 6 MB): see app/large-answers.ts. */
const largeAnswer = {
  '303': {
    description: 'The deployed API only: the answer is over a Lambda function URL\'s 6 MB, so it is stored whole and `Location` is a presigned URL that reads it for 15 minutes (follow it: `curl -L`); the body names the URL, size, SHA-256 and expiry.',
    headers: { Location: { schema: { type: 'string', format: 'uri' } } },
    content: jsonContent({
      type: 'object',
      required: ['answer'],
      properties: {
        answer: {
          type: 'object',
          required: ['url', 'bytes', 'sha256', 'contentType', 'expiresAt'],
          properties: { url: { type: 'string', format: 'uri' }, bytes: { type: 'integer' }, sha256: { type: 'string' }, contentType: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' }, message: { type: 'string' } },
        },
      },
    }),
  },
};

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Redline auditor API',
      version: '1.0.0',
      description:
        'Read-only access to Redline\'s ledger: stories, their versions, redlines between any two versions, changes across stories, stealth edits and chain verification. ' +
        'A story id is ONE path segment with "/" percent-encoded as %2F (world%2Fvaldera-earthquake). Listings are paged: pass the `cursor` of one page to get the next; a page without `cursor` is the last. ' +
        'Errors are JSON `{ "error": { "code", "message", "parameter"? } }`.',
    },
    servers: [{ url: serverUrl }],
    paths: {
      '/vocabulary': {
        get: {
          operationId: 'getVocabulary',
          summary: 'The kinds of change, formats and version statuses, with labels and descriptions',
          responses: {
            '200': {
              description: "Redline's registries, as the viewer reads them.",
              content: jsonContent({
                type: 'object',
                required: ['kinds', 'formats', 'statuses'],
                properties: {
                  kinds: { type: 'array', items: { type: 'object', required: ['kind', 'label', 'substantive', 'description'], properties: { kind: ref('ChangeKind'), label: { type: 'string' }, substantive: { type: 'boolean' }, description: { type: 'string' } } } },
                  formats: { type: 'array', items: { type: 'object', required: ['format', 'label', 'extensions', 'description'], properties: { format: ref('RevisionFormat'), label: { type: 'string' }, extensions: { type: 'array', items: { type: 'string' } }, description: { type: 'string' } } } },
                  statuses: { type: 'array', items: { type: 'object', required: ['status', 'label', 'description'], properties: { status: ref('VersionStatus'), label: { type: 'string' }, description: { type: 'string' } } } },
                },
              }),
            },
          },
        },
      },
      '/stories': {
        get: {
          operationId: 'listStories',
          summary: 'Stories, most recently changed first',
          parameters: [param('limit'), param('cursor')],
          responses: { '200': { description: 'A page of story summaries.', content: jsonContent(page(ref('StorySummary'))) }, '400': errors['400'] },
        },
      },
      '/stories/{story}': {
        get: {
          operationId: 'getStory',
          summary: "A story's summary (latest version, last change, stealth count)",
          parameters: [param('story')],
          responses: { '200': { description: 'The summary.', content: jsonContent(ref('StorySummary')) }, ...errors },
        },
      },
      '/stories/{story}/versions': {
        get: {
          operationId: 'listVersions',
          summary: "A story's version records, paged",
          parameters: [param('story'), param('order'), param('limit'), param('cursor')],
          responses: { '200': { description: 'A page of version records.', content: jsonContent(page(ref('VersionRecord'))) }, ...errors },
        },
      },
      '/stories/{story}/versions/{version}': {
        get: {
          operationId: 'getVersion',
          summary: 'One version: its record and canonical text',
          parameters: [param('story'), { name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
          responses: {
            '200': {
              description: 'The version.',
              content: jsonContent({
                type: 'object',
                required: ['record'],
                properties: {
                  record: ref('VersionRecord'),
                  canonical: { type: 'string', description: 'The canonical text whose SHA-256 is record.sha256 (content versions only).' },
                  document: { type: 'object', description: 'The canonical text parsed: headline, byline, dek, updated, body paragraphs.' },
                },
              }),
            },
            ...largeAnswer,
            ...errors,
          },
        },
      },
      '/stories/{story}/compare': {
        get: {
          operationId: 'compareVersions',
          summary: 'A redline between any two versions of a story',
          parameters: [
            param('story'),
            { name: 'from', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } },
            { name: 'to', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } },
            {
              name: 'format',
              in: 'query',
              description: 'json (summary + HTML fragment), inline (text with [-del-]{+ins+}), unified (diff -u of canonical texts), html or side-by-side (HTML fragment).',
              schema: { type: 'string', enum: ['json', 'inline', 'unified', 'html', 'side-by-side'], default: 'json' },
            },
            { name: 'layout', in: 'query', description: 'HTML layout of the json format.', schema: { type: 'string', enum: ['inline', 'side-by-side'], default: 'inline' } },
          ],
          responses: {
            '200': {
              description: 'The comparison.',
              content: {
                ...jsonContent(ref('Comparison')),
                'text/plain': { schema: { type: 'string' } },
                'text/html': { schema: { type: 'string' } },
              },
            },
            ...largeAnswer,
            ...errors,
          },
        },
      },
      '/stories/{story}/verify': {
        get: {
          operationId: 'verifyStory',
          summary: "Recompute the story's hash chain from its records and archived texts",
          parameters: [param('story')],
          responses: { '200': { description: 'The verification result (ok or the first problem).', content: jsonContent(ref('Verification')) }, ...errors },
        },
      },
      '/stories/{story}/feed.atom': {
        get: {
          operationId: 'storyFeed',
          summary: `Atom feed of the story's latest versions`,
          parameters: [param('story')],
          responses: { '200': { description: 'Atom 1.0.', content: { 'application/atom+xml': { schema: { type: 'string' } } } }, '400': errors['400'] },
        },
      },
      '/changes': {
        get: {
          operationId: 'listChanges',
          summary: 'Version records of every story in a time window, newest first by default',
          description: 'One index query per UTC day of the window. A page may hold fewer than `limit` records (even none) when filters are selective; keep following `cursor`.',
          parameters: [param('since'), param('until'), param('kind'), param('stealth'), param('editor'), param('order'), param('limit'), param('cursor')],
          responses: { '200': { description: 'A page of version records.', content: jsonContent(changesPage()) }, '400': errors['400'] },
        },
      },
      '/stealth': {
        get: {
          operationId: 'stealthReport',
          summary: 'Stealth revisions (substantive changes without an update or correction note) in a time window',
          parameters: [param('since'), param('until'), param('limit'), param('cursor')],
          responses: { '200': { description: 'A page of version records.', content: jsonContent(changesPage()) }, '400': errors['400'] },
        },
      },
      '/log/checkpoint': {
        get: {
          operationId: 'logCheckpoint',
          summary: "The transparency log's latest signed checkpoint (C2SP tlog-checkpoint, Ed25519 signed note)",
          responses: {
            '200': {
              description: '`checkpoint` is the signed note text; `verifierKey` the note verifier key; `rootHash` base64.',
              content: jsonContent({ type: 'object', required: ['checkpoint', 'verifierKey', 'size', 'rootHash'], properties: { checkpoint: { type: 'string' }, verifierKey: { type: 'string' }, size: { type: 'integer' }, rootHash: { type: 'string' } } }),
            },
            '404': errors['404'],
          },
        },
      },
      '/log/checkpoint.txt': {
        get: { operationId: 'logCheckpointNote', summary: 'The latest signed checkpoint as plain text (for witnesses)', responses: { '200': { description: 'The signed note.', content: { 'text/plain': { schema: { type: 'string' } } } }, '404': errors['404'] } },
      },
      '/log/proofs/{story}/{version}': {
        get: {
          operationId: 'logInclusionProof',
          summary: "RFC 9162 inclusion proof of a version's chain hash against the latest checkpoint",
          parameters: [param('story'), { name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
          responses: {
            '200': {
              description: '`leafData` is the chain hash (hex), `inclusionProof` base64 hashes, leaf to root.',
              content: jsonContent({
                type: 'object',
                required: ['leafIndex', 'leafData', 'inclusionProof', 'checkpoint', 'verifierKey'],
                properties: { leafIndex: { type: 'integer' }, leafData: { type: 'string' }, inclusionProof: { type: 'array', items: { type: 'string' } }, checkpoint: { type: 'string' }, verifierKey: { type: 'string' } },
              }),
            },
            '400': errors['400'],
            '404': errors['404'],
          },
        },
      },
      '/log/consistency': {
        get: {
          operationId: 'logConsistencyProof',
          summary: 'RFC 9162 consistency proof from an earlier tree size to the latest checkpoint',
          parameters: [{ name: 'from', in: 'query', required: true, description: 'The tree size of the checkpoint you kept.', schema: { type: 'integer', minimum: 0 } }],
          responses: {
            '200': {
              description: 'Check it against the root of the checkpoint you kept and the one returned.',
              content: jsonContent({ type: 'object', required: ['oldSize', 'checkpoint', 'consistencyProof'], properties: { oldSize: { type: 'integer' }, checkpoint: { type: 'string' }, consistencyProof: { type: 'array', items: { type: 'string' } } } }),
            },
            '400': errors['400'],
            '404': errors['404'],
          },
        },
      },
      '/log/checkpoints.atom': {
        get: { operationId: 'checkpointsFeed', summary: 'Atom feed of the latest signed checkpoints (for witnesses)', responses: { '200': { description: 'Atom 1.0.', content: { 'application/atom+xml': { schema: { type: 'string' } } } } } },
      },
      '/feeds/changes.atom': {
        get: {
          operationId: 'changesFeed',
          summary: 'Atom feed of the latest changes across stories',
          parameters: [param('since'), param('until'), param('kind'), param('stealth'), param('editor')],
          responses: { '200': { description: 'Atom 1.0.', content: { 'application/atom+xml': { schema: { type: 'string' } } } }, '400': errors['400'] },
        },
      },
    },
    components: {
      parameters: {
        story: { name: 'story', in: 'path', required: true, description: 'Story id, percent-encoded as one segment (world%2Fvaldera-earthquake).', schema: { type: 'string' } },
        limit: { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
        cursor: { name: 'cursor', in: 'query', description: 'The `cursor` of the previous page, unchanged.', schema: { type: 'string' } },
        order: { name: 'order', in: 'query', schema: { type: 'string', enum: ['newest', 'oldest'], default: 'newest' } },
        since: {
          name: 'since',
          in: 'query',
          description: `Inclusive start: ISO 8601 time, UTC date or age (90m, 24h, 7d). Default: 7 days before until. At most ${MAX_WINDOW_DAYS} days before until.`,
          schema: { type: 'string' },
        },
        until: { name: 'until', in: 'query', description: 'Exclusive end, same forms as since. Default: now.', schema: { type: 'string' } },
        kind: { name: 'kind', in: 'query', description: 'Comma-separated change kinds; a record matches any of them.', schema: { type: 'string', examples: ['number,quote'] } },
        stealth: { name: 'stealth', in: 'query', schema: { type: 'boolean' } },
        editor: { name: 'editor', in: 'query', description: 'Editor name, exact, case-insensitive.', schema: { type: 'string' } },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, parameter: { type: 'string' } } } },
        },
        StorySummary: {
          type: 'object',
          required: ['storyId', 'latestVersion', 'latestStatus', 'lastChangedAt', 'stealthCount'],
          properties: {
            storyId: { type: 'string' },
            latestVersion: { type: 'integer' },
            latestStatus: { type: 'string' },
            latestChainHash: { type: 'string' },
            lastChangedAt: { type: 'string', format: 'date-time' },
            headline: { type: 'string' },
            stealthCount: { type: 'integer' },
          },
        },
        ChangeKind: { type: 'string', enum: [...CHANGE_KINDS] },
        RevisionFormat: { type: 'string', enum: [...REVISION_FORMATS] },
        VersionStatus: { type: 'string', enum: [...VERSION_STATUSES] },
        RejectionCode: { type: 'string', enum: [...REJECTION_CODES] },
        VersionRecord: {
          type: 'object',
          description: 'One hash-chained ledger record (see ARCHITECTURE.md). chainHash = SHA-256 of the RFC 8785 JSON of every other field.',
          required: ['storyId', 'version', 'status', 'eventTime', 'recordedAt', 'source', 'previousChainHash', 'chainHash'],
          properties: {
            storyId: { type: 'string' },
            version: { type: 'integer' },
            status: ref('VersionStatus'),
            rejection: { type: 'object', required: ['code', 'reason'], properties: { code: ref('RejectionCode'), reason: { type: 'string' } } },
            restores: {
              type: 'integer',
              description:
                'unarchived versions only: the version that recorded this S3 version as rejected (archived). Story histories list the record next to that version, in S3\'s order.',
            },
            eventTime: { type: 'string', format: 'date-time' },
            recordedAt: { type: 'string', format: 'date-time' },
            editor: { type: 'string' },
            note: { type: 'string' },
            headline: { type: 'string' },
            sha256: { type: 'string' },
            change: {
              type: 'object',
              properties: {
                kinds: { type: 'array', items: ref('ChangeKind') },
                stealth: { type: 'boolean' },
                significance: { type: 'number' },
                numbers: { type: 'array', items: { type: 'object' } },
              },
            },
            previousChainHash: { type: 'string' },
            chainHash: { type: 'string' },
          },
          additionalProperties: true,
        },
        Comparison: {
          type: 'object',
          properties: {
            storyId: { type: 'string' },
            from: { type: 'object' },
            to: { type: 'object' },
            change: { type: 'object', description: 'The engine change summary from `from` to `to`.' },
            layout: { type: 'string' },
            html: { type: 'string', description: 'HTML fragment: <del class="rl-del">, <ins class="rl-ins">, figures in span.rl-figure, quotes in span.rl-quote.' },
          },
        },
        Verification: {
          type: 'object',
          required: ['storyId', 'ok', 'versions', 'headChainHash'],
          properties: {
            storyId: { type: 'string' },
            ok: { type: 'boolean' },
            versions: { type: 'integer' },
            headChainHash: { type: 'string' },
            firstProblem: { type: 'object', properties: { version: { type: 'integer' }, kind: { type: 'string' }, detail: { type: 'string' } } },
          },
        },
      },
    },
  };
}

function page(items: unknown) {
  return { type: 'object', required: ['items'], properties: { items: { type: 'array', items }, cursor: { type: 'string' } } };
}

function changesPage() {
  const base = page(ref('VersionRecord'));
  return {
    ...base,
    required: ['items', 'window'],
    properties: {
      ...base.properties,
      window: { type: 'object', properties: { since: { type: 'string' }, until: { type: 'string' } } },
      indexCheck: {
        type: 'object',
        description:
          'First page only. Versions of the window that answer the question but that the index misses (index keys removed or altered; run verify), read from the story records; complete is false when more stories changed than were checked.',
        required: ['missing', 'storiesChecked', 'complete'],
        properties: { missing: { type: 'array', items: ref('VersionRecord') }, storiesChecked: { type: 'integer' }, complete: { type: 'boolean' } },
      },
    },
  };
}
