/** The embeddable widget: a small standalone page for an iframe, and the script that inserts it. Pure. */
import { formatLooseDate } from '$lib/modules/promises/loose-date';
import { targetText } from './promises.models';
import { ACTIVITY_OUTCOME_LABELS, isActivityOutcomeStatus } from '$lib/modules/promises/constants';
import { escapeXml } from './promise-opendata';
import type { PromiseView } from './promises.usecases';

const esc = escapeXml;

/** No scripts, no external resources: it renders inside any municipality's page without JavaScript. */
export function widgetHtml(promise: PromiseView, options: { municipalityName: string; url: string }): string {
	const latest = promise.followUps[0];
	const rows = promise.activities.slice(0, 6).map((a) => {
		const status = a.latest?.status && isActivityOutcomeStatus(a.latest.status) ? ACTIVITY_OUTCOME_LABELS[a.latest.status] : 'Inte uppföljt ännu';
		const target =
			a.targetKind === null
				? ''
				: ` Mål: ${esc(targetText(a.targetKind, a.targetValue, a.targetUnit))}${a.latest?.achieved != null ? `, utfall: ${a.targetKind === 'yes_no' ? (a.latest.achieved > 0 ? 'ja' : 'nej') : a.latest.achieved}` : ''}.`;
		return `<li><span class="s">${esc(status)}:</span> ${esc(a.activity.length > 140 ? `${a.activity.slice(0, 137)}…` : a.activity)}${target}</li>`;
	});
	const more = promise.activities.length > rows.length ? `<p>… och ${promise.activities.length - rows.length} aktiviteter till.</p>` : '';
	const summary = latest
		? `<p>Uppföljt ${esc(formatLooseDate(latest.heldOn, latest.heldOnPrecision))}: ${latest.counts.uppfyllt} av ${latest.counts.total} aktiviteter uppfyllda, ${latest.counts.delvis_uppfyllt} delvis, ${latest.counts.pagar} pågår.</p>`
		: '<p>Löftet har inte följts upp ännu.</p>';
	return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`Medborgarlöfte: ${promise.title}`)}</title>
<style>
body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Arial,sans-serif;color:#1b1f24;background:#fff}
main{padding:12px 14px;border:1px solid #c4cbd4;border-radius:6px}
h1{font-size:1.15rem;margin:0 0 4px}
p{margin:6px 0}
ul{padding-left:1.1rem;margin:6px 0}
li{margin:3px 0}
.s{font-weight:700}
a{color:#0b4f8a}
a:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
</style>
</head>
<body>
<main>
<h1>${esc(promise.title)}</h1>
<p>Polisen och ${esc(options.municipalityName)} lovar${promise.period ? `, ${esc(promise.period)}` : ''}.</p>
${summary}
<ul>${rows.join('')}</ul>
${more}
<p><a href="${esc(options.url)}" target="_blank" rel="noopener">Läs hela medborgarlöftet och tyck till</a></p>
</main>
</body>
</html>
`;
}

/**
 * The script a municipality pastes into its own page:
 * <script src="https://…/falun/widget.js" data-lofte="slug" async></script>
 * It puts an iframe with a title (for screen readers) right after itself.
 */
export function widgetScript(origin: string, municipalitySlug: string): string {
	return `(function () {
	var scripts = document.querySelectorAll('script[data-lofte]');
	for (var i = 0; i < scripts.length; i++) {
		var script = scripts[i];
		if (script.getAttribute('data-forebygg-done') || script.src.indexOf(${JSON.stringify(`${origin}/${municipalitySlug}/widget.js`)}) !== 0) continue;
		script.setAttribute('data-forebygg-done', '1');
		var slug = encodeURIComponent(script.getAttribute('data-lofte') || '');
		var frame = document.createElement('iframe');
		frame.src = ${JSON.stringify(`${origin}/${municipalitySlug}/medborgarloften/`)} + slug + '/widget';
		frame.title = script.getAttribute('data-titel') || 'Medborgarlöfte från polisen och kommunen';
		frame.loading = 'lazy';
		frame.style.width = '100%';
		frame.style.maxWidth = '40rem';
		frame.style.height = (script.getAttribute('data-hojd') || '460') + 'px';
		frame.style.border = '0';
		script.parentNode.insertBefore(frame, script.nextSibling);
	}
})();
`;
}
