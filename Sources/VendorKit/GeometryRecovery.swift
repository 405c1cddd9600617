import PlanModel
import StageRecovery

/// How a plan was recovered from geometry alone (stl-series): which file is which arch and stage, and
/// every recovery decision per arch. `intake --json` shows it as `recovery`; `text` is the same for people.
public struct GeometryRecovery: Sendable, Hashable, Codable {
    /// One model file: the arch and stage its name says, and the arch it was read as.
    public struct ModelFile: Sendable, Hashable, Codable {
        public var path: String
        /// The jaw the name says.
        public var jaw: Jaw
        /// The jaw it was read as: the name's unless the geometry showed the names swapped.
        public var readAs: Jaw
        public var stage: Int
        /// The words of the name that gave the jaw and the stage.
        public var jawWord: String
        public var stageWord: String

        public init(path: String, jaw: Jaw, readAs: Jaw, stage: Int, jawWord: String, stageWord: String) {
            self.path = path
            self.jaw = jaw
            self.readAs = readAs
            self.stage = stage
            self.jawWord = jawWord
            self.stageWord = stageWord
        }
    }

    /// Model files in stage order, then by jaw.
    public var files: [ModelFile]
    /// Files that are no models: listed, not read.
    public var otherFiles: [String]
    /// Model files whose names give no arch or stage: not read.
    public var unnamedModels: [String]
    /// Upper first.
    public var arches: [RecoveryDecisions]

    public init(files: [ModelFile], otherFiles: [String], unnamedModels: [String], arches: [RecoveryDecisions]) {
        self.files = files
        self.otherFiles = otherFiles
        self.unnamedModels = unnamedModels
        self.arches = arches
    }
}
