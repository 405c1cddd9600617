import PlanModel

/// Builds one arch of the sample: crowded stage-0 crowns, gingiva, staged correction, attachments, IPR.
struct SampleArch {
    let layout: ArchLayout
    let schedule: StageSchedule
    let trianglesPerTooth: Int
    let elasticsFrom: Int
    let seed: UInt64

    func make() -> Arch {
        let jaw = layout.jaw
        var rng = SplitMix64(seed: seed, stream: jaw == .upper ? 2 : 3)
        let drawn = Perturbation.draw(for: layout.teeth.map(\.id), using: &rng)

        var teeth = [Tooth]()
        var motions = [(id: ToothID, motion: ToothMotion)]()
        var shapes = [ToothID: CrownShape]()
        var frames = [ToothID: CrownFrame]()
        var perturbations = [ToothID: Perturbation]()
        teeth.reserveCapacity(layout.teeth.count)
        for ideal in layout.teeth {
            let p = StepBudget.fitted(drawn[ideal.id] ?? Perturbation(), goal: ideal.frame, schedule: schedule)
            let start = p.initialFrame(from: ideal.frame)
            let shape = CrownShape(ideal.id, anatomy: ideal.anatomy)
            teeth.append(Tooth(id: ideal.id, crown: shape.mesh(in: start, triangles: trianglesPerTooth), frame: start))
            motions.append((ideal.id, p.correction(from: ideal.frame)))
            shapes[ideal.id] = shape
            frames[ideal.id] = start
            perturbations[ideal.id] = p
        }

        var stages = [Stage]()
        stages.reserveCapacity(schedule.aligners + 1)
        for index in 0...schedule.aligners {
            var poses = [ToothID: RigidTransform](minimumCapacity: motions.count)
            let progress = schedule.progress(atStage: index)
            for (id, motion) in motions { poses[id] = motion.pose(at: progress) }
            stages.append(Stage(index: index, poses: poses, isPassive: schedule.isPassive(index),
                                isOvercorrection: schedule.isOvercorrection(index)))
        }

        var iprRNG = SplitMix64(seed: seed, stream: jaw == .upper ? 4 : 5)
        return Arch(jaw: jaw, teeth: teeth,
                    gingiva: GingivaShape.mesh(for: layout, triangles: 2 * trianglesPerTooth),
                    stages: stages,
                    attachments: AttachmentPlan.attachments(jaw: jaw, shapes: shapes, frames: frames,
                                                            perturbations: perturbations, schedule: schedule,
                                                            elasticsFrom: elasticsFrom),
                    ipr: IPRPlan.events(jaw: jaw, aligners: schedule.aligners, using: &iprRNG))
    }
}
