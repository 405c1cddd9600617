import PlanModel

/// Interproximal reduction for a sample arch: two or three incisor contacts, 0.1–0.3 mm each (0.05 mm
/// steps), done early (before a stage in the first third), to make room for the crowded incisors.
enum IPRPlan {
    /// The lower incisors' total stays well under the often-quoted 0.75 mm ceiling.
    static let lowerIncisorTotalMM = 0.6

    static func events(jaw: Jaw, aligners: Int, using rng: inout SplitMix64) -> [IPREvent] {
        let pairs = jaw == .upper ? [(12, 11), (11, 21), (21, 22)] : [(42, 41), (41, 31), (31, 32)]
        var candidates = pairs.compactMap { a, b -> ToothContact? in
            guard let a = try? ToothID(fdi: a), let b = try? ToothID(fdi: b) else { return nil }
            return ToothContact(a, b)
        }
        // Seeded Fisher–Yates shuffle, then take two or three.
        for i in stride(from: candidates.count - 1, to: 0, by: -1) {
            candidates.swapAt(i, rng.integer(0...i))
        }
        let chosen = candidates.prefix(rng.integer(2...3))
        var amounts = chosen.map { _ in 0.1 + 0.05 * Double(rng.integer(0...4)) }
        if jaw == .lower {
            while amounts.reduce(0, +) > lowerIncisorTotalMM + 1e-9, let i = amounts.indices.max(by: { amounts[$0] < amounts[$1] }) {
                amounts[i] -= 0.05
            }
        }
        let latest = max(1, aligners / 3)
        let events = zip(chosen, amounts).map { contact, amount in
            // Rounded to hundredths so the amounts print as written (0.15, not 0.15000000000000002).
            IPREvent(contact: contact, amountMM: (amount * 100).rounded() / 100, beforeStage: rng.integer(1...latest))
        }
        return events.sorted { ($0.beforeStage, $0.contact.first.archPosition) < ($1.beforeStage, $1.contact.first.archPosition) }
    }
}
