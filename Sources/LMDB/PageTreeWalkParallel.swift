import Dispatch
import Synchronization

/// The named tables walked two at once: `verify` reads every page before anything else can
/// start, so this walk is on its critical path.
///
/// Each half is walked by a copy of the walk, holding its own page buffers and a copy of the
/// pages the free list and the main database reached. Their pages are then joined; a page
/// both halves reached is in two tables. When either half finds anything, the tables are
/// walked again one by one, in order, so that the finding reported is the same as a single
/// walk's, whichever thread ran into it first.
extension PageTreeWalk {
    mutating func walkNamedTables() throws(Finding) {
        let halves = Self.split(namedTables)
        guard !halves.0.isEmpty, !halves.1.isEmpty else {
            try walkNamedTablesInOrder()
            return
        }
        let outcomes = Mutex<[Result<[UInt64], Finding>?]>([nil, nil])
        let base = self
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            var copy = base
            copy.buffers = PageBuffers(pageSize: base.pageSize, levels: base.buffers.levels)
            copy.namedTables = half == 0 ? halves.0 : halves.1
            let outcome = Result { () throws(Finding) -> [UInt64] in
                try copy.walkNamedTablesInOrder()
                return copy.reached
            }
            outcomes.withLock { $0[half] = outcome }
        }
        let (first, second) = outcomes.withLock { ($0[0]!, $0[1]!) }
        guard case .success(let firstReached) = first, case .success(let secondReached) = second,
              let joined = Self.join(base: reached, firstReached, secondReached)
        else {
            try walkNamedTablesInOrder()
            return
        }
        reached = joined
    }

    /// Walks `namedTables` in their order, on this thread.
    private mutating func walkNamedTablesInOrder() throws(Finding) {
        for (name, record) in namedTables {
            try walk(record, kind: .named, table: name)
        }
    }

    /// Two groups of tables with about as many pages each, every group in the tables' order.
    static func split(_ tables: [(name: String, record: PageCheck.TreeRecord)])
        -> ([(name: String, record: PageCheck.TreeRecord)], [(name: String, record: PageCheck.TreeRecord)]) {
        func pages(_ record: PageCheck.TreeRecord) -> UInt64 {
            // A table's own counts may be damaged: they only balance the halves, never decide.
            record.branchPages.addingReportingOverflow(record.leafPages).partialValue
        }
        let largestFirst = tables.indices.sorted { (pages(tables[$0].record), $1) > (pages(tables[$1].record), $0) }
        var totals: (UInt64, UInt64) = (0, 0)
        var inFirst = [Bool](repeating: false, count: tables.count)
        for index in largestFirst {
            let size = pages(tables[index].record)
            if totals.0 <= totals.1 {
                inFirst[index] = true
                totals.0 = totals.0.addingReportingOverflow(size).partialValue
            } else {
                totals.1 = totals.1.addingReportingOverflow(size).partialValue
            }
        }
        let first = tables.indices.filter { inFirst[$0] }.map { tables[$0] }
        let second = tables.indices.filter { !inFirst[$0] }.map { tables[$0] }
        return (first, second)
    }

    /// The pages reached by either half; nil when a page beyond `base` was reached by both.
    static func join(base: [UInt64], _ first: [UInt64], _ second: [UInt64]) -> [UInt64]? {
        precondition(base.count == first.count && base.count == second.count)
        var joined = base
        for word in base.indices {
            if first[word] & second[word] & ~base[word] != 0 { return nil }
            joined[word] = first[word] | second[word]
        }
        return joined
    }
}
