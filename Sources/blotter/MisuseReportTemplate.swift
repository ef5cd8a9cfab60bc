/// The misuse report page's Mustache template (`MisuseReportPage`). Inline CSS and SVG only:
/// the page must open and print anywhere, with no network.
enum MisuseReportTemplate {
    static let text = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Misuse review, {{period}}</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #111; }
        h1 { font-size: 1.4em; margin-bottom: 0.2em; }
        h2 { font-size: 1.1em; margin-top: 1.6em; border-bottom: 1px solid #999; }
        p.meta { color: #444; margin-top: 0; }
        table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
        th, td { border: 1px solid #bbb; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
        th { background: #eee; }
        tr { page-break-inside: avoid; }
        svg text { font-size: 10px; fill: #222; }
        svg rect.bar { fill: #4a6fa5; }
        td.events { font-family: Menlo, Consolas, monospace; font-size: 0.85em; }
        @media print { body { margin: 1cm; } h2 { page-break-after: avoid; } }
        </style>
        </head>
        <body>
        <h1>Misuse review</h1>
        <p class="meta">{{period}} · scope {{scope}} · computed at log position {{position}} · this report is event {{reportSequence}}</p>
        <p>{{examined}} searches and reads examined; {{findingCount}} findings. Findings are leads, not verdicts: open each
        one's events (<code>blotter reproduce SEQ</code>, <code>blotter audit user ID</code>) and ask for the case behind them.</p>

        <h2>Reads per day</h2>
        {{#dayChart}}
        <svg xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="{{height}}" role="img" aria-label="reads per day">
        {{#bars}}<rect class="bar" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"/><text x="{{labelX}}" y="{{valueY}}" text-anchor="middle">{{value}}</text><text x="{{labelX}}" y="{{labelY}}" text-anchor="middle">{{label}}</text>
        {{/bars}}
        </svg>
        {{#empty}}<p>No reads in the period.</p>{{/empty}}
        {{/dayChart}}

        <h2>Findings per signal</h2>
        {{#signalChart}}
        <svg xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="{{height}}" role="img" aria-label="findings per signal">
        {{#bars}}<rect class="bar" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"/><text x="{{labelX}}" y="{{valueY}}" text-anchor="middle">{{value}}</text><text x="{{labelX}}" y="{{labelY}}" text-anchor="middle">{{label}}</text>
        {{/bars}}
        </svg>
        {{/signalChart}}

        <h2>Findings</h2>
        {{#hasFindings}}
        <table>
        <tr><th>Signal</th><th>User</th><th>Agency</th><th>Record</th><th>What</th><th>Events</th></tr>
        {{#findings}}<tr><td>{{signal}}</td><td>{{user}}</td><td>{{agency}}</td><td>{{record}}</td><td>{{summary}}</td><td class="events">{{events}}</td></tr>
        {{/findings}}
        </table>
        {{/hasFindings}}
        {{^hasFindings}}<p>No finding in the period.</p>{{/hasFindings}}

        <h2>Thresholds</h2>
        <table>
        {{#thresholds}}<tr><td>{{name}}</td><td>{{value}}</td></tr>
        {{/thresholds}}
        </table>
        </body>
        </html>
        """
}
