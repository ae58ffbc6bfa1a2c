// Prisma's `contains` becomes SQL LIKE/ILIKE with the text as the pattern, so a search for "%" or
// "_" would match everything. Escaped with PostgreSQL's default LIKE escape (backslash), the
// search is literal.
export function literalContains(search: string): string {
  return search.replace(/[\\%_]/g, "\\$&");
}
