/**
 * The indicators as a small page with charts: one horizontal bar per
 * indicator against its target (inline SVG, no script), every value escaped.
 * The full ops console is another helper's; this is the one-page view.
 */
import { createHash } from 'node:crypto';
import { escapeHtml as e } from '../handover/page';
import type { IndicatorReport } from './indicators';

const STYLE = `body{font-family:system-ui,"PingFang SC",sans-serif;margin:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.2rem .5rem}td.n{text-align:right}
.bar{fill:#2a6}.miss{fill:#c33}.target{stroke:#000;stroke-width:2}text{font-size:12px}`;

/** The page's Content-Security-Policy: its own style block only (SVG is markup, not script). */
export const INDICATORS_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const W = 300;
const pct = (v: number | undefined) => (v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/**
 * The indicators page.
 *
 * @example
 * const html = indicatorsPage(report);
 */
export function indicatorsPage(report: IndicatorReport): string {
  const rows = report.quality;
  const chart = `<svg role="img" aria-label="Quality indicators against their targets" width="${W + 330}" height="${rows.length * 24 + 10}" xmlns="http://www.w3.org/2000/svg">${rows
    .map((i, n) => {
      const y = n * 24 + 5;
      const width = Math.max(0, Math.min(1, i.value ?? 0)) * W;
      const target = i.target !== undefined ? `<line class="target" x1="${220 + i.target * W}" x2="${220 + i.target * W}" y1="${y - 2}" y2="${y + 20}"/>` : '';
      return `<text x="0" y="${y + 14}">${e(i.name)}</text><rect class="${i.met === false ? 'miss' : 'bar'}" x="220" y="${y}" width="${width.toFixed(1)}" height="18"/>${target}<text x="${225 + W}" y="${y + 14}">${e(pct(i.value))}</text>`;
    })
    .join('')}</svg>`;
  const table = (head: string[], body: (string | number)[][]) => `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${body.map((r) => `<tr>${r.map((c) => (typeof c === 'number' ? `<td class="n">${e(c)}</td>` : `<td>${e(c)}</td>`)).join('')}</tr>`).join('')}</tbody></table>`;
  const body = [
    `<h1>指标 Indicators</h1><p>${e(report.from)} – ${e(report.to)}</p>`,
    `<section id="quality"><h2>Quality and callbacks</h2>${chart}${table(['indicator', 'value', 'target', 'met', 'basis'], rows.map((i) => [i.name, pct(i.value), i.target === undefined ? 'watched' : `>= ${pct(i.target)}`, i.met === undefined ? '' : i.met ? 'yes' : 'NO', Object.entries(i.basis).map(([k, v]) => `${k} ${v}`).join(', ')]))}</section>`,
    `<section id="calls"><h2>Calls</h2>${table(['indicator', 'value', 'target', 'met'], report.calls.indicators.map((i) => [i.name, i.value === undefined ? '—' : i.unit === 'ratio' ? pct(i.value) : Math.round(i.value * 10) / 10, i.target, i.met === undefined ? '' : i.met ? 'yes' : 'NO']))}</section>`,
    `<section id="agents"><h2>Agents</h2>${table(
      ['agent', 'calls handled', 'AHT (s)', 'after-call (s)', 'transfers', 'monitoring', 'test call', 'complaints', 'quality score'],
      report.agents.map((a) => [a.agentId, a.callsHandled, a.averageHandleSeconds === undefined ? '—' : Math.round(a.averageHandleSeconds), a.averageAfterCallSeconds === undefined ? '—' : Math.round(a.averageAfterCallSeconds), a.transfers, a.scores?.monitoring ?? '—', a.scores?.testCall ?? '—', a.scores?.complaints ?? '—', a.scores?.qualityScore ?? '—']),
    )}</section>`,
  ].join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>指标 Indicators</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}
