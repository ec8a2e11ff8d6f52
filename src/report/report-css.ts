/** Print-friendly style of the report: system fonts, no external resource. */
export const REPORT_CSS = `
body{font:15px/1.6 Georgia,"Times New Roman",serif;color:#1d2939;max-width:900px;margin:40px auto;padding:0 24px}
h1{font:700 30px/1.2 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 0 6px}
h2{font:700 21px/1.3 system-ui,-apple-system,"Segoe UI",sans-serif;margin:40px 0 10px;border-bottom:2px solid #2f5d8a;padding-bottom:4px}
h3{font:600 16px/1.3 system-ui,-apple-system,"Segoe UI",sans-serif;margin:22px 0 6px}
.lede{font-size:17px;color:#344054}
.muted{color:#667085}
.claim{margin:10px 0}
figure{margin:16px 0;text-align:center;page-break-inside:avoid}
figure svg{max-width:100%;height:auto}
figcaption{font:12px system-ui,sans-serif;color:#667085}
table{border-collapse:collapse;width:100%;font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:10px 0;page-break-inside:auto}
th{text-align:left;border-bottom:1px solid #98a2b3;padding:4px 6px;color:#475467}
td{border-bottom:1px solid #e4e7ec;padding:4px 6px;vertical-align:top;overflow-wrap:anywhere}
a.ref{font:600 11px system-ui,sans-serif;color:#2f5d8a;text-decoration:none;vertical-align:super;white-space:nowrap}
code{font:12px ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.refs td{font-size:12px}
.refs td:first-child{white-space:nowrap}
.note{background:#f8f9fb;border-left:3px solid #98a2b3;padding:6px 12px;font:13px system-ui,sans-serif}
ins{background:#fde2e1;color:#8a1c1c;text-decoration:none}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}a{color:inherit}}
`;
