import { describe, expect, it } from 'vitest';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { freshTable } from '../support/dynamo';

describe('DynamoDB Local table from the shared design', () => {
  it('has both secondary indexes and a stream, as deployed', async () => {
    const { client, tableName } = await freshTable('design');
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['gsi1', 'gsi2']);
    expect(Table?.StreamSpecification?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
  });
});
