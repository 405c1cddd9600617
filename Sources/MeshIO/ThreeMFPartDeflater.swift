import ArchiveIO
import Foundation
import PlanModel

/// Deflates 3MF model parts whose large mesh objects repeat from one part to the next — a print-3mf
/// export places the same stage-0 crown meshes in every stage's 3MF — encoding and deflating each such
/// object once (a `DeflateSegment`) and joining it into every part that has it.
///
/// Every mesh object of at least `sharedTriangles` triangles is always a segment of its own, whether
/// remembered or not, and the rest of the part is deflated between them: a part's bytes depend only on
/// its model, never on what this deflater saw before or on which thread ran first. Objects are matched
/// by value with positions compared bit for bit (−0 and 0 encode differently). At most `capacity`
/// segments are remembered (least recently used go first), so memory stays bounded. Thread-safe.
public final class ThreeMFPartDeflater: @unchecked Sendable {
    public let level: Int
    public let sharedTriangles: Int
    private let capacity: Int
    private let lock = NSLock()
    private var remembered: [(object: ThreeMFObject, segment: DeflateSegment)] = []

    public init(level: Int, sharedTriangles: Int = 1024, capacity: Int = 128) {
        self.level = level
        self.sharedTriangles = max(1, sharedTriangles)
        self.capacity = max(1, capacity)
    }

    /// `model`'s part (the bytes `ThreeMFWriter.encode` gives) as one deflate stream; `archive` and
    /// `entry` name it in errors.
    ///
    /// Throws `ThreeMFWriteError` for a model the specification forbids, `ArchiveWriteError` if deflating fails.
    public func deflated(_ model: ThreeMFModel, archive: String, entry: String) throws -> DeflatedStream {
        var known: [Int: DeflateSegment] = [:]
        for (i, object) in model.objects.enumerated() where isShared(object) {
            if let segment = recall(object) { known[i] = segment }
        }
        let pieces = try ThreeMFWriter.pieces(model) { known[$0] != nil }
        var segments: [DeflateSegment] = []
        var run = pieces.head
        for (i, object) in model.objects.enumerated() {
            guard isShared(object) else {
                if let bytes = pieces.objects[i] { run.append(bytes) }
                continue
            }
            if !run.isEmpty { segments.append(try DeflateSegment(run, level: level, archive: archive, entry: entry)) }
            run = Data()
            if let segment = known[i] {
                segments.append(segment)
            } else if let bytes = pieces.objects[i] {
                let segment = try DeflateSegment(bytes, level: level, archive: archive, entry: entry)
                remember(object, segment)
                segments.append(segment)
            }
        }
        run.append(pieces.tail)
        return try DeflatedStream.joining(segments, last: run, level: level, archive: archive, entry: entry)
    }

    private func isShared(_ object: ThreeMFObject) -> Bool { (object.mesh?.triangleCount ?? 0) >= sharedTriangles }

    private func recall(_ object: ThreeMFObject) -> DeflateSegment? {
        lock.withLock {
            guard let i = remembered.firstIndex(where: { Self.same($0.object, object) }) else { return nil }
            let hit = remembered.remove(at: i)
            remembered.insert(hit, at: 0)
            return hit.segment
        }
    }

    private func remember(_ object: ThreeMFObject, _ segment: DeflateSegment) {
        lock.withLock {
            guard !remembered.contains(where: { Self.same($0.object, object) }) else { return }
            remembered.insert((object, segment), at: 0)
            if remembered.count > capacity { remembered.removeLast() }
        }
    }

    /// Equal as the writer encodes them: every field, and the mesh's numbers bit for bit.
    static func same(_ a: ThreeMFObject, _ b: ThreeMFObject) -> Bool {
        guard a.id == b.id, a.type == b.type, a.name == b.name, a.partNumber == b.partNumber, a.metadata == b.metadata,
              let m = a.mesh, let n = b.mesh, m.indices == n.indices, m.positions.count == n.positions.count else { return false }
        return m.positions.withUnsafeBytes { p in
            n.positions.withUnsafeBytes { q in
                guard let a = p.baseAddress, let b = q.baseAddress else { return true }  // both empty (counts are equal)
                return memcmp(a, b, p.count) == 0
            }
        }
    }
}
