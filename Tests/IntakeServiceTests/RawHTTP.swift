import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP/1 client on a plain TCP socket, byte for byte, for what URLSession and the test client hide:
/// interim `100 Continue` answers, headers sent before the body, a connection the server closes.
/// Blocking socket calls run on a Dispatch thread (the cooperative pool serves the server meanwhile), each
/// bounded by a receive timeout so a missing answer fails the test instead of hanging it.
final class RawHTTPConnection: @unchecked Sendable {
    struct Response {
        var statusLine: String
        var headers: [String: String]
        var body: Data
        var status: Int { Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0 }
    }

    enum Failure: Error {
        case connect(Int32)
        case send(Int32)
        case closedEarly(String)
        case timedOut
    }

    #if canImport(Glibc)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let noSignal: Int32 = 0
    #endif

    private let fd: Int32
    private var buffer = Data()

    init(port: Int, timeoutSeconds: Int = 120) throws {
        #if canImport(Glibc)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure.connect(errno)
        }
    }

    deinit { close(fd) }

    func write(_ text: String) async throws { try await write(Data(text.utf8)) }

    func write(_ data: Data) async throws {
        try await Self.offload { [fd] in
            try data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    guard let base = raw.baseAddress else { return }
                    let n = send(fd, base + offset, raw.count - offset, Self.noSignal)
                    guard n > 0 else { throw Failure.send(errno) }
                    offset += n
                }
            }
        }
    }

    /// The next response head and (by its Content-Length) body; interim 1xx answers are responses too.
    func response() async throws -> Response {
        let head = try await readUntil(Data("\r\n\r\n".utf8))
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let body = try await readCount(length)
        return Response(statusLine: lines.first ?? "", headers: headers, body: body)
    }

    /// Whether the server closed the connection (end of stream) with nothing more sent.
    func serverClosed() async throws -> Bool {
        guard buffer.isEmpty else { return false }
        return try await receive() == 0
    }

    private func readUntil(_ marker: Data) async throws -> Data {
        while true {
            if let range = buffer.range(of: marker) {
                let head = buffer[..<range.upperBound]
                buffer.removeSubrange(..<range.upperBound)
                return Data(head)
            }
            guard try await receive() > 0 else { throw Failure.closedEarly(String(decoding: buffer, as: UTF8.self)) }
        }
    }

    private func readCount(_ count: Int) async throws -> Data {
        while buffer.count < count {
            guard try await receive() > 0 else { throw Failure.closedEarly(String(decoding: buffer, as: UTF8.self)) }
        }
        let body = buffer.prefix(count)
        buffer.removeSubrange(..<count)
        return Data(body)
    }

    /// Bytes received into the buffer; 0 at the end of the stream.
    private func receive() async throws -> Int {
        let chunk = try await Self.offload { [fd] () throws -> Data in
            var bytes = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &bytes, bytes.count, 0)
            if n < 0 { throw errno == EAGAIN || errno == EWOULDBLOCK ? Failure.timedOut : Failure.closedEarly("recv errno \(errno)") }
            return Data(bytes.prefix(n))
        }
        buffer.append(chunk)
        return chunk.count
    }

    private static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
