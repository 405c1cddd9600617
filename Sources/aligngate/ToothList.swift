import Foundation
import ArgumentParser
import PlanModel

/// `--teeth 17,16,…`: FDI numbers separated by commas (spaces allowed).
enum ToothList {
    /// nil for no option; a usage error (exit 2) naming the first bad number.
    static func parse(_ text: String?) throws -> [ToothID]? {
        guard let text else { return nil }
        return try text.split(separator: ",").map { part in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let n = Int(trimmed), let id = try? ToothID(fdi: n) else {
                throw ValidationError("--teeth: '\(trimmed)' is no FDI tooth number (11–48, 51–85)")
            }
            return id
        }
    }
}
