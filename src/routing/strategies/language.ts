/**
 * Language tags compare case-insensitively, and a bare language covers its regional variants:
 * an agent who lists `zh` can take a `zh-CN` ticket, and a rule for `pt` catches `pt-BR`. The
 * reverse does not hold (an agent listing only `pt-BR` is not assumed to serve a `pt-PT` ticket,
 * nor a bare `pt` one, since the customer did not say which variant).
 */
export function languageCovers(offered: string, requested: string): boolean {
  const have = offered.trim().toLowerCase();
  const want = requested.trim().toLowerCase();
  if (have === want) return true;
  return !have.includes('-') && want.startsWith(`${have}-`);
}

export function anyLanguageCovers(offered: readonly string[], requested: string): boolean {
  return offered.some((language) => languageCovers(language, requested));
}
