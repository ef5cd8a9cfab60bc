import HTTPTypes
import Synchronization

/// The routes the router registered, as method and path pattern: how a request for a path that
/// exists under another method is answered 405 with `Allow`, not 404.
final class RouteTable: Sendable {
    private let routes = Mutex<[(method: HTTPRequest.Method, segments: [String])]>([])

    func load(_ routes: [(method: HTTPRequest.Method, path: String)]) {
        self.routes.withLock { table in
            table = routes.map { ($0.method, $0.path.split(separator: "/").map(String.init)) }
        }
    }

    /// The methods registered for `path`, sorted; empty when no route has that shape.
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.withLock { table in
            table.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { pattern, segment in pattern.hasPrefix("{") || pattern == segment }
            }.map(\.method)
        }
        .reduce(into: [HTTPRequest.Method]()) { if !$0.contains($1) { $0.append($1) } }
        .sorted { $0.rawValue < $1.rawValue }
    }
}
