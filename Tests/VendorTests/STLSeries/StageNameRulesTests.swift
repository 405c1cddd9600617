import PlanModel
@testable import STLSeriesVendor
import Testing

@Suite struct StageNameRulesTests {
    typealias P = StageNameRules.Parsed

    static let cases: [(String, Jaw?, Int?)] = [
        ("Maxillary_Stage_00.stl", .upper, 0),
        ("Mandibular_Stage_12.stl", .lower, 12),
        ("case 7/upper stage 3.STL", .upper, 3),
        ("Upper-Step-07.ply", .upper, 7),
        ("lower.subsetup.4.obj", .lower, 4),
        ("Lower sub-setup 5.stl", .lower, 5),
        ("maxilla_aligner_2.3mf", .upper, 2),
        ("MANDIBLE tray10.stl", .lower, 10),
        ("max_setup_1.stl", .upper, 1),
        ("Mand-Stage1.stl", .lower, 1),
        ("UJ_stage_2.stl", .upper, 2),
        ("LJ_stage_2.stl", .lower, 2),
        ("12345_OnyxCeph3_Export_OK.stl", .upper, nil),
        ("12345_OnyxCeph3_Export_UK.stl", .lower, nil),
        ("CASE9-U01-A.stl", .upper, 1),
        ("CASE9-L00-A.stl", .lower, 0),
        ("Maxillary_initial.stl", .upper, 0),
        ("lower_pre.stl", .lower, 0),
        ("Upper Start.stl", .upper, 0),
        ("111111-51-A/Maxillary.stl", .upper, 51),
        ("Stage 4/Mandibular.stl", .lower, 4),
        ("upper/stage-04.stl", .upper, 4),
        ("Oberkiefer Stage 2.stl", .upper, 2),
        ("notes.stl", nil, nil),
        ("maximum.stl", nil, nil),
    ]

    @Test(arguments: cases.indices)
    func everyConvention(_ i: Int) {
        let (path, jaw, stage) = Self.cases[i]
        let parsed = StageNameRules.parse(path: path)
        #expect(parsed.jaw == jaw, "\(path)")
        #expect(parsed.stage == stage, "\(path)")
    }

    @Test func layoutPatternsMapJawWords() throws {
        let pattern = try LayoutPattern.parse("models/{jaw}/tray{stage}.stl").get()
        #expect(pattern.match("models/OK/tray07.stl")?.jaw == .upper)
        #expect(pattern.match("models/mandibular/tray3.stl")?.stage == 3)
        #expect(pattern.match("models/left/tray3.stl") == nil)
        #expect(pattern.match("models/upper/extra/tray3.stl") == nil)
        let star = try LayoutPattern.parse("*_{jaw}_{stage}.stl").get()
        #expect(star.match("P001_U_12.stl")?.stage == 12)
        #expect(throws: LayoutPatternError.self) { try LayoutPattern.parse("models/{jaw}.stl").get() }
    }

    @Test func layoutFindsDuplicatesGapsAndMissingStageZero() throws {
        #expect(throws: (any Error).self) {
            try SeriesLayout.assign(["Maxillary_Stage_00.stl", "upper stage 0.stl"], pattern: nil, archive: "a.zip")
        }
        #expect(throws: (any Error).self) {
            try SeriesLayout.assign(["Maxillary_Stage_01.stl", "Maxillary_Stage_02.stl"], pattern: nil, archive: "a.zip")
        }
        let gap = try SeriesLayout.assign(["Maxillary_Stage_00.stl", "Maxillary_Stage_01.stl", "Maxillary_Stage_02.stl",
                                           "Maxillary_Stage_04.stl", "plan.pdf", "photo.stl"], pattern: nil, archive: "a.zip")
        #expect(gap.findings.contains { $0.code == STLSeriesFormat.Code.stageGap && $0.severity == .error && $0.message.contains("3") })
        #expect(gap.others == ["plan.pdf"])
        #expect(gap.unnamed == ["photo.stl"])
        #expect(gap.findings.contains { $0.code == STLSeriesFormat.Code.otherFile && $0.location.file == "plan.pdf" })
        let single = try SeriesLayout.assign(["12345_OnyxCeph3_Export_OK.stl"], pattern: nil, archive: "a.zip")
        #expect(single.models[.upper]?.first?.stage == 0)
        #expect(single.findings.contains { $0.code == STLSeriesFormat.Code.singleModel })
    }
}
