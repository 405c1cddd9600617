/// How deep two neighbouring crowns overlap at one stage.
public struct ContactOverlap: Hashable, Codable, Sendable {
    public var contact: ToothContact
    public var stage: Int
    /// `CrownOverlap.depth` (mm, 0 when the crowns are apart or just touch).
    public var depthMM: Double

    public init(contact: ToothContact, stage: Int, depthMM: Double) {
        self.contact = contact
        self.stage = stage
        self.depthMM = depthMM
    }
}

/// The collision checkpoint's measurement: every contact between neighbouring crowns at every stage.
public enum ArchCollisions {
    /// Neighbouring teeth that both have a crown mesh, in arch order (patient's right first).
    public static func contacts(_ arch: Arch) -> [ToothContact] {
        let crowned = arch.teeth.filter { $0.status.hasCrown && !($0.crown?.isEmpty ?? true) }
            .sorted { ($0.id.archPosition, $0.id.fdi) < ($1.id.archPosition, $1.id.fdi) }
        var out: [ToothContact] = []
        for (i, a) in crowned.enumerated() {
            for b in crowned[(i + 1)...] where a.id.isAdjacent(to: b.id) { out.append(ToothContact(a.id, b.id)) }
        }
        return out
    }

    /// Every contact at every stage of every arch (per arch: stage ascending, then arch order). The stages
    /// are measured concurrently; each crown's hierarchy is built once.
    public static func overlaps(_ arches: [Arch]) -> [[ContactOverlap]] {
        struct Job: Sendable { var arch: Int; var stage: Int }
        let prepared = arches.map { arch -> (contacts: [ToothContact], colliders: [ToothID: CrownCollider]) in
            let contacts = contacts(arch)
            let needed = Set(contacts.flatMap { [$0.first, $0.second] })
            let teeth = arch.teeth.filter { needed.contains($0.id) }
            let built = ConcurrentMap.map(teeth) { CrownCollider($0) }
            return (contacts, Dictionary(built.compactMap { $0 }.map { ($0.tooth, $0) }, uniquingKeysWith: { a, _ in a }))
        }
        let stages = arches.map { $0.stages.sorted { $0.index < $1.index } }
        let jobs = arches.indices.flatMap { a in stages[a].indices.map { Job(arch: a, stage: $0) } }
        let results = ConcurrentMap.map(jobs) { job -> [ContactOverlap] in
            let stage = stages[job.arch][job.stage]
            let (contacts, colliders) = prepared[job.arch]
            return contacts.compactMap { contact in
                guard let a = colliders[contact.first], let b = colliders[contact.second] else { return nil }
                let depth = CrownOverlap.depth(a, stage.poses[contact.first] ?? .identity,
                                               b, stage.poses[contact.second] ?? .identity)
                return ContactOverlap(contact: contact, stage: stage.index, depthMM: depth)
            }
        }
        var out = [[ContactOverlap]](repeating: [], count: arches.count)
        for (job, rows) in zip(jobs, results) { out[job.arch] += rows }
        return out
    }
}
