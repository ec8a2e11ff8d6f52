/**
 * The campaign area's entry points for the workbench and the report, loaded on first use so that
 * neither starts DuckDB's modules before a case with posts asks for them. Each module is a literal
 * `import()` the compiler checks (no path built from a string), and a failure to load is an error
 * for the caller to report, not a silent "not part of this build".
 */
export interface SocialModule {
  analyzeCampaign(caseDir: string, opts?: Record<string, unknown>): Promise<Record<string, unknown>>;
  listPosts(caseDir: string, filter: Record<string, unknown>): Promise<unknown>;
  coordination(caseDir: string, opts: Record<string, unknown>): Promise<{ groups: { accounts: string[] }[] }>;
}

/** @example const social = await loadSocial(); await social.analyzeCampaign(caseDir) */
export async function loadSocial(): Promise<SocialModule> {
  const [analyze, posts, coordinate] = await Promise.all([
    import('./analyze.js'),
    import('./posts.js'),
    import('./coordinate.js'),
  ]);
  return {
    analyzeCampaign: analyze.analyzeCampaign as unknown as SocialModule['analyzeCampaign'],
    listPosts: posts.listPosts as unknown as SocialModule['listPosts'],
    coordination: coordinate.coordination as unknown as SocialModule['coordination'],
  };
}
