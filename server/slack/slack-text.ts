/** Slack's mrkdwn needs only these three escaped; everything else is literal. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

/**
 * A Slack message as the help center stores comments (Markdown): the bot's own mention removed, links and
 * mentions as their labels, entities decoded.
 */
export function slackTextToMarkdown(text: string, botUserId?: string): string {
  const withoutBot = botUserId ? text.replaceAll(`<@${botUserId}>`, '') : text
  return withoutBot
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, (_match, url: string, label: string) =>
      url.startsWith('mailto:') ? label : `[${label}](${url})`,
    )
    .replace(/<((?:https?|mailto):[^>]+)>/g, (_match, url: string) => url.replace(/^mailto:/, ''))
    .replace(/<[@#!][^|>]*\|([^>]+)>/g, '$1')
    .replace(/<([@#!])([^|>]+)>/g, '$1$2')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .trim()
}

/** Up to `max` characters, cut at a word where there is one, with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max - 1)
  const lastSpace = cut.lastIndexOf(' ')
  return `${lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut}…`
}

/** A summary to start the form with: the description's first line. */
export function summaryFrom(description: string, max: number): string {
  const firstLine = description.split('\n').find((line) => line.trim() !== '') ?? ''
  return shorten(firstLine.trim(), max)
}
