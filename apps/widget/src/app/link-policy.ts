// Which links in a reply may be clickable: a model can be talked into writing any URL, so only
// links to the business's own domains (from the public widget config) are; others show as text.

/** True when `href` is an http(s) or mailto link to one of `domains` or a subdomain of one. */
export function isLinkAllowed(href: string, domains: readonly string[], base: string): boolean {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return false;
  }
  let host: string;
  if (url.protocol === "http:" || url.protocol === "https:") host = url.hostname;
  else if (url.protocol === "mailto:") host = url.pathname.split("@").pop() ?? "";
  else return false;
  host = host.toLowerCase().replace(/\.$/, "");
  return host !== "" && domains.some((d) => host === d || host.endsWith(`.${d}`));
}
