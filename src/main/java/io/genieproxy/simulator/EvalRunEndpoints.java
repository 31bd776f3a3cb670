package io.genieproxy.simulator;

import io.genieproxy.genie.GenieRoute;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Benchmark eval runs of a space: one benchmark question is scored per step delay; every third needs review. */
final class EvalRunEndpoints {
    private record EvalRun(String evalRunId, String spaceId, SimulatedUser user, Instant createdAt,
            List<SimulatedSpace.BenchmarkQuestion> questions, List<String> resultIds) {
    }

    private final SpaceCatalog spaces;
    private final AnswerBook answers;
    private final StatementResponses statements;
    private final GenieIds ids;
    private final Clock clock;
    private final Duration stepDelay;
    private final Map<String, EvalRun> runs = new ConcurrentHashMap<>();

    EvalRunEndpoints(SpaceCatalog spaces, AnswerBook answers, StatementResponses statements, GenieIds ids, Clock clock, Duration stepDelay) {
        this.spaces = spaces;
        this.answers = answers;
        this.statements = statements;
        this.ids = ids;
        this.clock = clock;
        this.stepDelay = stepDelay;
    }

    SimulatorResponse create(GenieRoute route, SimulatorRequest request, SimulatedUser caller) {
        SimulatedSpace space = spaces.get(route.spaceId());
        Object requested = request.jsonBody().get("benchmark_question_ids");
        List<SimulatedSpace.BenchmarkQuestion> questions = new ArrayList<>();
        if (requested == null) {
            questions.addAll(space.benchmarks());
        } else if (requested instanceof List<?> list) {
            for (Object id : list) {
                questions.add(space.benchmarks().stream().filter(b -> b.id().equals(id)).findFirst()
                        .orElseThrow(() -> WorkspaceError.invalidParameter("Unknown benchmark question id: " + id)));
            }
        } else {
            throw WorkspaceError.invalidParameter("benchmark_question_ids must be an array.");
        }
        List<String> resultIds = questions.stream().map(q -> ids.next()).toList();
        EvalRun run = new EvalRun(ids.next(), space.spaceId(), caller, clock.instant(), questions, resultIds);
        runs.put(run.evalRunId(), run);
        return SimulatorResponse.ok(runJson(run));
    }

    SimulatorResponse list(GenieRoute route, SimulatorRequest request) {
        spaces.get(route.spaceId());
        List<EvalRun> all = runs.values().stream().filter(r -> r.spaceId().equals(route.spaceId()))
                .sorted(Comparator.comparing(EvalRun::createdAt).reversed().thenComparing(EvalRun::evalRunId)).toList();
        Pagination.Page<EvalRun> page = Pagination.page(all, request, 20, 100);
        return SimulatorResponse.ok(JsonObject.create()
                .with("eval_runs", page.items().stream().map(r -> (Object) runJson(r)).toList())
                .with("next_page_token", page.nextPageToken()));
    }

    SimulatorResponse get(GenieRoute route) {
        return SimulatorResponse.ok(runJson(run(route, route.extraId())));
    }

    SimulatorResponse listResults(GenieRoute route, SimulatorRequest request) {
        EvalRun run = run(route, route.extraId());
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < run.questions().size(); i++) {
            SimulatedSpace.BenchmarkQuestion q = run.questions().get(i);
            all.add(JsonObject.create()
                    .with("result_id", run.resultIds().get(i))
                    .with("space_id", run.spaceId())
                    .with("benchmark_question_id", q.id())
                    .with("question", q.question())
                    .with("benchmark_answer", answers.answer(q.question()).sql())
                    .with("created_by_user", run.user().numericId())
                    .with("status", isDone(run, i) ? "DONE" : "RUNNING"));
        }
        Pagination.Page<Object> page = Pagination.page(all, request, 20, 100);
        return SimulatorResponse.ok(JsonObject.create().with("eval_results", page.items()).with("next_page_token", page.nextPageToken()));
    }

    SimulatorResponse getResult(GenieRoute route) {
        String[] parts = route.extraId().split("/", 2);
        EvalRun run = run(route, parts[0]);
        int index = run.resultIds().indexOf(parts[1]);
        if (index < 0) {
            throw WorkspaceError.notFound("Eval result", parts[1]);
        }
        SimulatedSpace.BenchmarkQuestion q = run.questions().get(index);
        Answer answer = answers.answer(q.question());
        boolean done = isDone(run, index);
        Object execution = statements.inline(ids.statementId(), answer).get("statement_response");
        return SimulatorResponse.ok(JsonObject.create()
                .with("result_id", parts[1])
                .with("space_id", run.spaceId())
                .with("benchmark_question_id", q.id())
                .with("eval_run_status", done ? "DONE" : "RUNNING")
                .with("assessment", done ? (index % 3 == 2 ? "NEEDS_REVIEW" : "GOOD") : null)
                .with("manual_assessment", false)
                .with("expected_response", List.of(JsonObject.create().with("response", answer.sql()).with("response_type", "SQL")))
                .with("actual_response", done ? List.of(JsonObject.create().with("response", answer.sql())
                        .with("response_type", "SQL").with("sql_execution_result", execution)) : null));
    }

    private EvalRun run(GenieRoute route, String evalRunId) {
        spaces.get(route.spaceId());
        EvalRun run = runs.get(evalRunId);
        if (run == null || !run.spaceId().equals(route.spaceId())) {
            throw WorkspaceError.notFound("Eval run", evalRunId);
        }
        return run;
    }

    private int doneCount(EvalRun run) {
        if (stepDelay.isZero()) {
            return run.questions().size();
        }
        long elapsed = Math.max(0, Duration.between(run.createdAt(), clock.instant()).toMillis());
        return (int) Math.min(run.questions().size(), elapsed / stepDelay.toMillis());
    }

    private boolean isDone(EvalRun run, int index) {
        return index < doneCount(run);
    }

    private JsonObject runJson(EvalRun run) {
        int done = doneCount(run);
        int needsReview = 0;
        for (int i = 0; i < done; i++) {
            needsReview += i % 3 == 2 ? 1 : 0;
        }
        boolean finished = done == run.questions().size();
        return JsonObject.create()
                .with("eval_run_id", run.evalRunId())
                .with("eval_run_status", finished ? "DONE" : "RUNNING")
                .with("created_timestamp", run.createdAt().toEpochMilli())
                .with("last_updated_timestamp", run.createdAt().plus(stepDelay.multipliedBy(done)).toEpochMilli())
                .with("num_questions", run.questions().size())
                .with("num_done", done)
                .with("num_correct", done - needsReview)
                .with("num_needs_review", needsReview)
                .with("run_by_user", run.user().numericId());
    }
}
