import Foundation

/// Dates in plan files: ISO 8601, UTC, millisecond precision, so every format reads the same everywhere.
public enum ISODate {
    /// "2024-01-08T08:00:00.000Z".
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    /// Parses with or without fractional seconds; nil when `text` is no ISO 8601 date-time.
    public static func parse(_ text: String) -> Date? {
        if let d = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return d }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
