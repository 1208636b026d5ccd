import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EMBEDDED_CREDENTIALS, EMBEDDED_NAMES, EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { DynaliteChannelHandler } from '../../lambdas/local/dynalite-thread.ts';

// `redline start`'s own DynamoDB clients reach the dynalite thread over a MessagePort; everyone
// else over TCP. Both must get the same answers, errors included.
describe('Class: DynaliteChannelHandler (the embedded process reaches its DynamoDB thread in process)', () => {
  let dataDir: string;
  let embedded: EmbeddedRedline;
  let overTcp: DynamoDBDocumentClient;
  let warnings: ReturnType<typeof vi.spyOn>;
  const table = EMBEDDED_NAMES.tableName;

  beforeAll(async () => {
    warnings = vi.spyOn(console, 'warn');
    dataDir = mkdtempSync(join(tmpdir(), 'redline-dynalite-'));
    embedded = await EmbeddedRedline.start({ dataDir });
    overTcp = DynamoDBDocumentClient.from(new DynamoDBClient({ region: EMBEDDED_NAMES.region, endpoint: embedded.endpoints.dynamodb, credentials: EMBEDDED_CREDENTIALS }));
  });
  afterAll(() => {
    overTcp.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("sends the embedded clients' requests through the channel, and they see what TCP clients write and the other way round", async () => {
    // Assess (wiring)
    expect(embedded.clients.dynamodb.config.requestHandler).toBeInstanceOf(DynaliteChannelHandler);
    // Act
    await embedded.clients.documents.send(new PutCommand({ TableName: table, Item: { PK: 'STORY#channel', SK: 'X#1', text: 'Fire in the port: 90 homes', n: 1 } }));
    await overTcp.send(new PutCommand({ TableName: table, Item: { PK: 'STORY#channel', SK: 'X#2', text: 'ünïcödé — 95 homes', n: 2 } }));
    // Assess
    const viaChannel = await embedded.clients.documents.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'STORY#channel' }, ConsistentRead: true }));
    const viaTcp = await overTcp.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'STORY#channel' }, ConsistentRead: true }));
    expect(viaChannel.Items).toEqual(viaTcp.Items);
    expect(viaChannel.Items?.map((item) => item.text)).toEqual(['Fire in the port: 90 homes', 'ünïcödé — 95 homes']);
    expect((await embedded.clients.dynamodb.send(new ListTablesCommand({}))).TableNames).toContain(table);
    // The SDK's JSON body is read as bytes: no SDK warning on stderr (the CLI's output stays clean).
    expect(warnings.mock.calls.flat().join('\n')).toBe('');
    warnings.mockRestore();
  });

  it('answers a failed condition and an invalid request with the same SDK errors as over TCP', async () => {
    // Prepare
    const conditional = () => new PutCommand({ TableName: table, Item: { PK: 'STORY#channel', SK: 'X#1' }, ConditionExpression: 'attribute_not_exists(PK)' });
    const invalid = () => new GetCommand({ TableName: table, Key: { PK: 'STORY#channel' } });
    const failure = async (send: Promise<unknown>) => {
      const error = (await send.then(() => undefined, (caught: unknown) => caught)) as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
      return { name: error?.name, status: error?.$metadata?.httpStatusCode };
    };
    // Act
    const channelConditional = await failure(embedded.clients.documents.send(conditional()));
    const tcpConditional = await failure(overTcp.send(conditional()));
    const channelInvalid = await failure(embedded.clients.documents.send(invalid()));
    const tcpInvalid = await failure(overTcp.send(invalid()));
    // Assess
    expect(channelConditional).toEqual({ name: 'ConditionalCheckFailedException', status: 400 });
    expect(channelConditional).toEqual(tcpConditional);
    expect(channelInvalid.name).toBe('ValidationException');
    expect(channelInvalid).toEqual(tcpInvalid);
  });

  it('fails requests after the stand-in stopped instead of leaving them waiting', async () => {
    // Prepare
    const { documents } = embedded.clients;
    const handler = embedded.clients.dynamodb.config.requestHandler as unknown as DynaliteChannelHandler;
    // Act
    await embedded.stop();
    // Assess
    await expect(handler.handle({ method: 'POST', path: '/', headers: {}, body: '{}' } as never)).rejects.toThrow('the embedded DynamoDB thread has stopped');
    await expect(documents.send(new GetCommand({ TableName: table, Key: { PK: 'STORY#channel', SK: 'X#1' } }))).rejects.toThrow();
  });
});
