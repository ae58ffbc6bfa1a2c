// Raw SQL with named parameters: a statement is written with sql-template-tag (`sql\`... ${value}\``),
// so each value sits where it is used and is always sent as a bound parameter, never spliced into
// the text. These run such a statement on Prisma (inside a transaction too) or on the raw channel.
// Identifiers and fixed SQL pieces go in with raw(); fragments nest as sql`` values.
import type { Prisma, RawSql } from "@support/db";
import type { Sql } from "sql-template-tag";

export { default as sql, empty, join, raw, type Sql } from "sql-template-tag";

type PrismaRaw = Pick<Prisma.TransactionClient, "$queryRawUnsafe" | "$executeRawUnsafe">;

/** Rows of a SELECT (or of a statement with RETURNING) run by Prisma. */
export function queryRows<R>(prisma: PrismaRaw, statement: Sql): Promise<R[]> {
  return prisma.$queryRawUnsafe<R[]>(statement.text, ...statement.values);
}

/** How many rows a statement run by Prisma changed. */
export function execute(prisma: PrismaRaw, statement: Sql): Promise<number> {
  return prisma.$executeRawUnsafe(statement.text, ...statement.values);
}

/** Rows of a statement on the raw channel (db.sql, or a report's snapshot connection). */
export function rawRows<R>(channel: RawSql, statement: Sql): Promise<R[]> {
  return channel.query<R>(statement.text, statement.values);
}
