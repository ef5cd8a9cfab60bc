import Ledger

/// `README.txt`: what the bundle is and how to check it, in plain words, for whoever receives
/// it (a defense attorney, a clerk, an expert).
enum DiscoveryReadme {
    static let file = "README.txt"

    static func text(order: DiscoveryOrder, position: UInt64, events: Int, earlierTreeSize: UInt64?) -> [UInt8] {
        let consistency = earlierTreeSize.map {
            """

            consistency.json proves that the ledger as it stood at \($0) events (a checkpoint you
            were given earlier) is the beginning of the ledger this bundle was read from: nothing
            recorded before it was changed or removed since.

            """
        } ?? ""
        return Array("""
            DISCOVERY BUNDLE — order \(order.id), case \(order.caseNumber)
            \(order.citation)

            This bundle holds \(events) events from a Blotter records ledger: every change to the
            records the order names, every time someone looked them up (who, which agency, why,
            under which case number, what they were shown), and the order itself. It was read when
            the ledger held \(position) events.

            Start with report.html (open it in a browser; it prints to PDF). events.jsonl holds the
            same events, one per line, in JSON.

            WHAT YOU CAN CHECK WITHOUT TRUSTING THE AGENCY
            Each event in events.bin is exactly as the ledger stores it. Its hash is computed from
            its own bytes; proofs.jsonl proves, for each event, that it is in the ledger whose
            state checkpoint.note signs; the agency's key in ledger.vkey signs checkpoint.note and
            manifest.note; manifest.json lists the SHA-256 of every file. Change one byte of any
            file, or remove or add an event, and the check fails and names the file and the event.
            \(consistency)
            Some events are shown without their contents ("withheld"): the law protects other
            people's data (people a protective order protects, other people's records in a
            search's answer) and sealed arrests unless the court ordered them disclosed. The event
            is still there and still proves; report.html says which rule withheld it, and shows
            what the rule allows (that part is the agency's signed statement: the withheld bytes
            are what would prove it, and a court may order them). Events whose contents a court
            ordered destroyed appear without them, as the ledger holds them.

            HOW TO CHECK IT
            Get the agency's verifier key from the court or the agency, not from this bundle
            (ledger.vkey is a copy; a forger would replace it). Then, with Blotter's tool:

                blotter-discovery verify <this folder or the .zip> --key '<verifier key>'

            or, with Python 3 and the "cryptography" package (pip install cryptography), using the
            independent checker published with Blotter's sources (Tools/discovery/verify_discovery.py):

                python3 verify_discovery.py <this folder or the .zip> --key '<verifier key>'

            Both print "bundle verified" and exit 0 when every check holds; otherwise they print
            each failure, naming its file and event, and exit 1. Docs/discovery.md describes every
            file byte by byte, so that anyone can write their own check.

            """.utf8)
    }
}
