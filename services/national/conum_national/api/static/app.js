// Tableau de bord national : appelle l'API JSON du service avec le jeton de l'onglet.
"use strict";

const TOKEN_KEY = "conum.national.token";
const STEPS = [
  ["enrolled", "Inscrits"],
  ["positioned", "Positionnés"],
  ["training_started", "Formation commencée"],
  ["training_completed", "Formation terminée"],
  ["ccp1_convened", "Convoqués au CCP1"],
  ["ccp1_passed", "CCP1 obtenu"],
  ["pix_certified", "Pix obtenu"],
  ["double_certified", "Double certification"],
  ["withdrawn", "Abandons"],
];
const SPANS = {
  enrolment_to_path: "Inscription → parcours",
  enrolment_to_training: "Inscription → début de formation",
  enrolment_to_double_certification: "Inscription → double certification",
};
const REASONS = {
  left_structure: "A quitté la structure", contract_ended: "Fin de contrat",
  changed_job: "Changement d'emploi", health: "Santé", personal: "Raisons personnelles",
  training_unsuitable: "Formation inadaptée", enrolled_by_mistake: "Inscription par erreur",
  other: "Autre",
};
const EXPORTABLE = ["regions", "funnel", "paths", "withdrawals", "durations", "attendance",
  "departments", "cohorts", "full_title", "structures", "modules", "module_catalogue",
  "mandatory_modules", "satisfaction"];

const NOT_SUMMED = ["path_hours", "hours"];
const $ = (id) => document.getElementById(id);
const state = { region: null };

function token() { return sessionStorage.getItem(TOKEN_KEY); }

function filters(extra = {}) {
  const params = new URLSearchParams();
  if ($("from").value) params.set("from", $("from").value);
  if ($("to").value) params.set("to", $("to").value);
  if (state.region) params.set("region", state.region);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params;
}

async function api(path, params) {
  const url = params && [...params].length ? `${path}?${params}` : path;
  const answer = await fetch(url, { headers: { Authorization: `Bearer ${token()}` } });
  if (answer.status === 401) { signOut("Jeton refusé : reconnectez-vous."); throw new Error("401"); }
  if (!answer.ok) {
    const problem = await answer.json().catch(() => ({}));
    throw new Error(problem.detail || `erreur ${answer.status}`);
  }
  return answer;
}

function number(value) {
  if (value === null || value === undefined || value === "") return "—";
  return typeof value === "number" ? value.toLocaleString("fr-FR") : String(value);
}

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderTable(target, table, { onRow, translate, hide = [], totals = false } = {}) {
  const columns = table.columns.filter((c) => !hide.includes(c.name));
  const box = $(target);
  box.replaceChildren();
  if (!table.rows.length) { box.append(element("p", { class: "muted" }, "Aucune donnée.")); return; }
  const t = element("table", { "data-table": table.name });
  const head = element("tr");
  for (const c of columns) head.append(element("th", { class: c.type === "string" ? "text" : "" }, c.label));
  t.appendChild(element("thead")).appendChild(head);
  const body = t.appendChild(element("tbody"));
  for (const row of table.rows) {
    const tr = element("tr", onRow ? { class: "clickable", "data-key": row.region } : {});
    for (const c of columns) {
      const raw = translate && translate[c.name] ? translate[c.name](row[c.name]) : row[c.name];
      tr.append(element("td", { class: c.type === "string" ? "text" : "", "data-column": c.name }, number(raw)));
    }
    if (onRow) tr.addEventListener("click", () => onRow(row));
    body.append(tr);
  }
  if (totals) {
    const foot = t.appendChild(element("tfoot")).appendChild(element("tr"));
    columns.forEach((c, i) => {
      const sum = c.type === "integer" && !NOT_SUMMED.includes(c.name) ? table.rows.reduce((s, r) => s + (r[c.name] || 0), 0) : "";
      foot.append(element("td", { "data-column": c.name }, i === 0 ? "Total" : number(sum)));
    });
  }
  box.append(t);
}

function drawFunnel(target, rows) {
  const scheme = $("scheme").value;
  const kept = rows.filter((r) => !scheme || r.scheme === scheme);
  const sums = STEPS.map(([step, label]) => [step, label, kept.reduce((s, r) => s + (r[step] || 0), 0)]);
  const max = Math.max(1, ...sums.map((s) => s[2]));
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const rowHeight = 30, labelWidth = 200, width = 900;
  svg.setAttribute("viewBox", `0 0 ${width} ${sums.length * rowHeight + 10}`);
  sums.forEach(([step, label, value], i) => {
    const y = i * rowHeight + 5;
    const text = document.createElementNS(ns, "text");
    text.setAttribute("x", 0); text.setAttribute("y", y + 18);
    text.setAttribute("class", "bar-label"); text.textContent = label;
    const bar = document.createElementNS(ns, "rect");
    const length = Math.round((width - labelWidth - 120) * value / max);
    bar.setAttribute("x", labelWidth); bar.setAttribute("y", y);
    bar.setAttribute("width", length); bar.setAttribute("height", rowHeight - 8);
    bar.setAttribute("class", "bar"); bar.setAttribute("data-step", step);
    const enrolled = sums[0][2];
    const share = enrolled && step !== "enrolled" ? ` (${Math.round(100 * value / enrolled)} %)` : "";
    const figure = document.createElementNS(ns, "text");
    figure.setAttribute("x", labelWidth + length + 6); figure.setAttribute("y", y + 18);
    figure.setAttribute("class", "bar-value"); figure.setAttribute("data-step", step);
    figure.textContent = `${value.toLocaleString("fr-FR")}${share}`;
    svg.append(text, bar, figure);
  });
  $(target).replaceChildren(svg);
}

async function table(name, params) {
  return (await api(`/national/tables/${name}`, params)).json();
}

async function loadFigures() {
  const params = filters();
  const [funnel, paths, withdrawals, durations, attendance, cohorts, fullTitle, modules,
    mandatory, satisfaction, catalogue] = await Promise.all(
    ["funnel", "paths", "withdrawals", "durations", "attendance", "cohorts", "full_title",
      "modules", "mandatory_modules", "satisfaction", "module_catalogue"].map((n) => table(n, params)));
  drawFunnel("funnel-chart", funnel.rows);
  renderTable("paths-table", paths, { totals: true });
  renderTable("withdrawals-table", withdrawals, { translate: { reason: (r) => REASONS[r] || r }, totals: true });
  renderTable("durations-table", durations, { translate: { span: (s) => SPANS[s] || s } });
  renderTable("attendance-table", attendance, { totals: true });
  renderTable("cohorts-table", cohorts, { totals: true });
  renderTable("full_title-table", fullTitle, { totals: true });
  renderTable("modules-table", modules, { totals: true });
  renderTable("mandatory_modules-table", mandatory, { totals: true });
  renderTable("satisfaction-table", satisfaction);
  renderTable("module_catalogue-table", catalogue, { hide: ["module_id"] });
}

async function loadOverview() {
  $("overview").hidden = false;
  $("region-detail").hidden = true;
  $("crumb-region").textContent = "";
  $("funnel-title").textContent = "Parcours de formation initiale — France entière";
  const params = filters();
  const regions = await table("regions", params);
  renderTable("regions-table", regions, { onRow: (row) => openRegion(row.region), totals: true });
}

async function openRegion(code) {
  state.region = code;
  location.hash = `region=${code}`;
  const period = new URLSearchParams([...filters()].filter(([k]) => k !== "region"));
  const detail = await (await api(`/national/regions/${code}`, period)).json();
  $("overview").hidden = true;
  $("region-detail").hidden = false;
  $("region-title").textContent = `${detail.name} (${detail.code}) — par département`;
  $("crumb-region").textContent = ` › ${detail.name}`;
  $("funnel-title").textContent = `Parcours de formation initiale — ${detail.name}`;
  renderTable("departments-table", detail.tables.departments, { hide: ["region"], totals: true });
  await loadFigures();
  renderExports();
}

async function loadFreshness() {
  const found = await (await api("/national/freshness")).json();
  const when = found.last_applied_at ? new Date(found.last_applied_at).toLocaleString("fr-FR") : "jamais";
  $("freshness-summary").textContent = found.broker_reachable
    ? `Retard total : ${number(found.lag)} événement(s) ; dernier événement appliqué : ${when}.`
    : `Le courtier Kafka ne répond pas ; dernier événement appliqué : ${when}.`;
  renderTable("freshness-table", {
    name: "freshness",
    columns: [
      { name: "topic", label: "Flux", type: "string" },
      { name: "lag", label: "Retard (événements)", type: "integer" },
      { name: "last_applied_at", label: "Dernier appliqué", type: "string" },
    ],
    rows: found.topics.map((t) => ({
      topic: t.topic, lag: t.lag,
      last_applied_at: t.last_applied_at ? new Date(t.last_applied_at).toLocaleString("fr-FR") : "—",
    })),
  });
}

function renderExports() {
  const box = $("exports");
  box.replaceChildren();
  const links = EXPORTABLE.flatMap((name) => ["csv", "json"].map((format) =>
    [`${name} (${format.toUpperCase()})`, `/national/exports/${name}`, filters({ format }), `${name}.${format}`]));
  links.push(["Données ouvertes par département (CSV)", "/national/open-data/departments", filters({ format: "csv" }), "open-data.csv"]);
  links.push(["Schéma des données ouvertes (Table Schema)", "/national/open-data/schema", new URLSearchParams(), "schema.json"]);
  for (const [label, path, params, file] of links) {
    const link = element("a", { href: "#", "data-export": path }, label);
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      const blob = await (await api(path, params)).blob();
      const url = URL.createObjectURL(blob);
      const a = element("a", { href: url, download: file });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    box.append(link);
  }
}

async function show() {
  $("sign-in").hidden = true;
  $("board").hidden = false;
  $("sign-out").hidden = false;
  const match = location.hash.match(/region=(FR-[A-Z]{3})/);
  try {
    if (match) { await openRegion(match[1]); } else { state.region = null; await loadOverview(); await loadFigures(); renderExports(); }
    await loadFreshness();
    $("who").textContent = "Connecté.";
  } catch (error) {
    if (error.message !== "401") $("who").textContent = `Erreur : ${error.message}`;
    console.error(error);
  }
}

function signOut(message = "") {
  sessionStorage.removeItem(TOKEN_KEY);
  $("board").hidden = true;
  $("sign-out").hidden = true;
  $("sign-in").hidden = false;
  $("sign-in-error").textContent = message;
}

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
    $("token").value = "";
    await show();
  });
  $("sign-out").addEventListener("click", () => signOut());
  $("filters").addEventListener("submit", async (event) => { event.preventDefault(); await show(); });
  $("scheme").addEventListener("change", () => show());
  $("to-national").addEventListener("click", async (event) => {
    event.preventDefault(); state.region = null; location.hash = ""; await show();
  });
  if (token()) { show(); } else { signOut(); }
  setInterval(() => { if (token()) loadFreshness().catch(() => {}); }, 15000);
});
