import { insertRows, type SqlExecutor } from './bulk.js';
import { taskAssistTable, taskTable } from './tables.js';
import type { TaskPlan } from './tasks.js';

/**
 * Writes the year's task list: the tasks, their bounds (datasets and fields, text arrays the
 * unnest-based insert cannot carry, so set by one UPDATE from JSON) and the district sections
 * that assist them.
 */
export async function insertTaskList(
  db: SqlExecutor,
  tasks: TaskPlan,
  stamp: string,
): Promise<void> {
  await insertRows(db, taskTable, tasks.rows, stamp);
  const bounds = JSON.stringify(
    tasks.rows.map((r) => ({ id: r.id, datasets: r.datasets, fields: r.fields })),
  );
  await db.$executeRawUnsafe(
    `UPDATE "task" AS t SET "datasets" = ARRAY(SELECT jsonb_array_elements_text(b.datasets)),
       "fields" = ARRAY(SELECT jsonb_array_elements_text(b.fields))
     FROM jsonb_to_recordset($1::jsonb) AS b(id int, datasets jsonb, fields jsonb) WHERE t.id = b.id`,
    bounds,
  );
  await insertRows(db, taskAssistTable, tasks.assists, stamp);
}
