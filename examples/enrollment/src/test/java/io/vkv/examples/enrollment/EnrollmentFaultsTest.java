package io.vkv.examples.enrollment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.ufu.facom.gbc074.projeto.cadastro.Aluno;
import br.ufu.facom.gbc074.projeto.cadastro.Disciplina;
import br.ufu.facom.gbc074.projeto.cadastro.Identificador;
import br.ufu.facom.gbc074.projeto.cadastro.Status;
import br.ufu.facom.gbc074.projeto.matricula.DisciplinaPessoa;
import io.vkv.client.Versions;
import io.vkv.client.VkvClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The portals when vkv is not at its best: the last seat taken twice, a node restart, a broker outage. */
class EnrollmentFaultsTest {

    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private PortalFixture portals;

    @BeforeEach
    void start() throws Exception {
        // No periodic anti-entropy: with the broker down, the two nodes really do not see each other's writes.
        portals = new PortalFixture(dir, Map.of("replication.anti-entropy.interval", "0"));
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    private static Identificador id(String id) {
        return Identificador.newBuilder().setId(id).build();
    }

    private static DisciplinaPessoa pair(String course, String person) {
        return DisciplinaPessoa.newBuilder().setDisciplina(course).setIdPessoa(person).build();
    }

    private static void ok(Status s) {
        assertEquals(0, s.getStatus(), s.getMsg());
    }

    private List<String> seated(int portal, String course) {
        return portals.enrollment(portal).detalhaDisciplina(id(course)).getAlunosList().stream().map(Aluno::getMatricula).toList();
    }

    private void setUp(String course, int seats, String... students) {
        ok(portals.admin(0).novaDisciplina(Disciplina.newBuilder().setSigla(course).setNome(course).setVagas(seats).build()));
        for (String s : students) {
            ok(portals.admin(0).novoAluno(Aluno.newBuilder().setMatricula(s).setNome("Student " + s).build()));
        }
        await().atMost(SETTLE).until(() -> IntStream.range(0, 2).allMatch(i -> portals.admin(i).obtemTodosAlunos(
                br.ufu.facom.gbc074.projeto.cadastro.Vazia.getDefaultInstance()).hasNext()
                && portals.admin(i).obtemAluno(id(students[students.length - 1])).getMatricula().equals(students[students.length - 1])));
    }

    @Test
    void theLastSeatTakenOnTwoNodesAtOnceGoesToTheEarlierEnrollmentAndTheOtherIsRecordedAsBumped() throws Exception {
        setUp("LS", 1, "s1", "s2");
        portals.cluster.stopBroker(); // the portals' nodes are cut off from each other
        ok(portals.enrollment(0).adicionaAluno(pair("LS", "s1")));
        Thread.sleep(5); // a later hybrid-clock time for s2 (the nodes share this machine's clock)
        ok(portals.enrollment(1).adicionaAluno(pair("LS", "s2"))); // n2 has not seen s1's enrollment: the seat looks free
        portals.cluster.restartBroker();
        await().atMost(SETTLE).until(() -> seated(0, "LS").equals(List.of("s1")) && seated(1, "LS").equals(List.of("s1")));
        try (VkvClient kv = VkvClient.builder().target(portals.cluster.node("n2").address()).build()) {
            await().atMost(SETTLE).until(() -> kv.get("enrollment/bumped/LS/s2").found());
            Versions bumped = kv.get("enrollment/bumped/LS/s2");
            assertTrue(bumped.live().get(0).valueString().contains("over capacity when enrollments merged"), bumped.toString());
            await().atMost(SETTLE).until(() -> !kv.get("enrollment/course/LS/student/s2").found());
        }
        await().atMost(SETTLE).until(() -> portals.announced.stream().anyMatch(m -> m.startsWith("portal/matricula/aluno/bumped {\"disciplina\":\"LS\",\"idPessoa\":\"s2\"}")));
        assertEquals(1, portals.enrollment(1).obtemDisciplinasAluno(id("s1")).next().getTotalAlunos());
        assertTrue(!portals.enrollment(1).obtemDisciplinasAluno(id("s2")).hasNext(), "s2 holds no seat");
    }

    @Test
    void enrollmentsAcknowledgedSurviveANodeRestartAndABrokerOutage() throws Exception {
        setUp("RS", 10, "r1", "r2", "r3", "r4");
        ok(portals.enrollment(0).adicionaAluno(pair("RS", "r1")));
        ok(portals.enrollment(1).adicionaAluno(pair("RS", "r2")));

        portals.cluster.restartOnSamePort("n1"); // the portals on n1 keep their vkv client; it reconnects
        await().atMost(SETTLE).ignoreExceptions().until(() -> portals.enrollment(0).adicionaAluno(pair("RS", "r3")).getStatus() == 0);

        portals.cluster.stopBroker();
        ok(portals.enrollment(1).adicionaAluno(pair("RS", "r4"))); // acknowledged by n2 alone
        portals.cluster.restartBroker();
        await().atMost(SETTLE).until(() -> seated(0, "RS").equals(List.of("r1", "r2", "r3", "r4"))
                && seated(1, "RS").equals(List.of("r1", "r2", "r3", "r4")));
    }
}
