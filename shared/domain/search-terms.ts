// What someone typed into a search box, made safe for SQLite FTS5 (trigram). The app's offline search and the
// help center's online search parse it the same way, so both find the same tickets.

/** The trigram index cannot match fewer than three characters. */
const MIN_TRIGRAM_LENGTH = 3

export interface SearchTerms {
  /** An FTS5 MATCH expression with every term quoted, so user text is never FTS syntax. */
  match: string | null
  /** The same terms one by one, quoted: each must be found, though not necessarily in the same document. */
  phrases: string[]
  /** Terms too short for the index, matched as substrings of summaries and keys instead. */
  shortTerms: string[]
}

/** Turns what the user typed into safe search terms: quotes, AND, `*` and `NEAR(` are just text. */
export function searchTerms(text: string): SearchTerms {
  // SQLite reads MATCH and LIKE patterns only up to a NUL: one inside a term broke the query, so it parts words.
  const terms = text.split(/[\s\0]+/u).filter((term) => term.length > 0).slice(0, 16)
  const phrases = terms.filter((term) => [...term].length >= MIN_TRIGRAM_LENGTH).map(quote)
  return {
    match: phrases.length > 0 ? phrases.join(' AND ') : null,
    phrases,
    shortTerms: terms.filter((term) => [...term].length < MIN_TRIGRAM_LENGTH),
  }
}

/** Any of the longer words: for "does this look like something I filed before?". */
export function similarityMatch(text: string): string | null {
  const words = [...new Set(text.toLowerCase().split(/[^\p{L}\p{N}_.-]+/u))]
    .filter((word) => [...word].length >= 4)
    .sort((a, b) => b.length - a.length)
    .slice(0, 12)
  return words.length > 0 ? words.map(quote).join(' OR ') : null
}

function quote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`
}
