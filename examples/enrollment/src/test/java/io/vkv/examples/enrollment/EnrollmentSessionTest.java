package io.vkv.examples.enrollment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import br.ufu.facom.gbc074.projeto.cadastro.Aluno;
import br.ufu.facom.gbc074.projeto.cadastro.Disciplina;
import br.ufu.facom.gbc074.projeto.cadastro.Identificador;
import br.ufu.facom.gbc074.projeto.cadastro.Professor;
import br.ufu.facom.gbc074.projeto.cadastro.Status;
import br.ufu.facom.gbc074.projeto.cadastro.Vazia;
import br.ufu.facom.gbc074.projeto.matricula.DisciplinaPessoa;
import br.ufu.facom.gbc074.projeto.matricula.RelatorioDisciplina;
import br.ufu.facom.gbc074.projeto.matricula.ResumoDisciplina;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scripted session through both portals on two vkv nodes, with the answers a user expects. */
class EnrollmentSessionTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Status OK_STATUS = Status.getDefaultInstance();

    @TempDir
    Path dir;

    private PortalFixture portals;

    @BeforeEach
    void start() throws Exception {
        portals = new PortalFixture(dir);
    }

    @AfterEach
    void stop() throws Exception {
        portals.close();
    }

    private static Aluno aluno(String id, String nome) {
        return Aluno.newBuilder().setMatricula(id).setNome(nome).build();
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

    private static void refused(String message, Status s) {
        assertEquals(1, s.getStatus(), s.getMsg());
        assertEquals(message, s.getMsg());
    }

    private static List<String> students(RelatorioDisciplina r) {
        return r.getAlunosList().stream().map(Aluno::getMatricula).toList();
    }

    private <T> List<T> list(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void aSessionThroughBothPortalsOnTwoNodes() {
        var admin1 = portals.admin(0);
        for (String[] a : new String[][] {{"a1", "Ana"}, {"a2", "Bruno"}, {"a3", "Carla"}}) {
            ok(admin1.novoAluno(aluno(a[0], a[1])));
        }
        refused("student a1 already exists", admin1.novoAluno(aluno("a1", "Another Ana")));
        ok(admin1.novoProfessor(Professor.newBuilder().setSiape("p1").setNome("Paula").build()));
        ok(admin1.novoProfessor(Professor.newBuilder().setSiape("p2").setNome("Pedro").build()));
        ok(admin1.novaDisciplina(Disciplina.newBuilder().setSigla("SD").setNome("Sistemas Distribuidos").setVagas(2).build()));

        // The other admin portal, on the other node, lists them once replication settles, and edits one.
        var admin2 = portals.admin(1);
        await().atMost(SETTLE).until(() -> list(admin2.obtemTodosAlunos(Vazia.getDefaultInstance())).size() == 3
                && list(admin2.obtemTodasDisciplinas(Vazia.getDefaultInstance())).size() == 1);
        ok(admin2.editaAluno(aluno("a2", "Bruno Souza")));
        refused("student a9 does not exist", admin2.editaAluno(aluno("a9", "Nobody")));
        await().atMost(SETTLE).until(() -> admin1.obtemAluno(id("a2")).getNome().equals("Bruno Souza"));
        assertEquals(2, admin2.obtemDisciplina(id("SD")).getVagas());

        // Professors: one per course.
        var enroll1 = portals.enrollment(0);
        ok(enroll1.adicionaProfessor(pair("SD", "p1")));
        refused("course SD already has professor p1: remove them first", enroll1.adicionaProfessor(pair("SD", "p2")));

        // Students up to the capacity, and one past it.
        ok(enroll1.adicionaAluno(pair("SD", "a1")));
        ok(enroll1.adicionaAluno(pair("SD", "a2")));
        refused("course SD is full: 2 of 2 seats taken", enroll1.adicionaAluno(pair("SD", "a3")));
        refused("student a1 is already enrolled in course SD", enroll1.adicionaAluno(pair("SD", "a1")));

        RelatorioDisciplina sd = enroll1.detalhaDisciplina(id("SD"));
        assertEquals("p1", sd.getProfessor().getSiape());
        assertEquals(List.of("a1", "a2"), students(sd));
        assertEquals(List.of("SD"), list(enroll1.obtemDisciplinasProfessor(id("p1"))).stream().map(r -> r.getDisciplina().getSigla()).toList());
        List<ResumoDisciplina> ofA1 = list(enroll1.obtemDisciplinasAluno(id("a1")));
        assertEquals(1, ofA1.size());
        assertEquals(2, ofA1.get(0).getTotalAlunos());
        assertEquals("p1", ofA1.get(0).getProfessor().getSiape());
        assertTrue(list(enroll1.obtemDisciplinasAluno(id("a3"))).isEmpty());

        // Removing a student and a professor takes them out of the reports, seen from the other enrollment portal.
        ok(admin1.removeAluno(id("a1")));
        ok(admin1.removeProfessor(id("p1")));
        var enroll2 = portals.enrollment(1);
        await().atMost(SETTLE).until(() -> {
            RelatorioDisciplina r = enroll2.detalhaDisciplina(id("SD"));
            return !r.hasProfessor() && students(r).equals(List.of("a2"));
        });
        assertTrue(list(enroll2.obtemDisciplinasProfessor(id("p1"))).isEmpty());
        // The seat a1 left is free again: a3 takes it.
        ok(enroll2.adicionaAluno(pair("SD", "a3")));
        ok(enroll2.adicionaProfessor(pair("SD", "p2")));
        await().atMost(SETTLE).until(() -> students(enroll1.detalhaDisciplina(id("SD"))).equals(List.of("a2", "a3")));

        // Every change was announced.
        await().atMost(SETTLE).until(() -> portals.announced.stream().anyMatch(m -> m.startsWith("portal/matricula/aluno/add {\"disciplina\":\"SD\",\"idPessoa\":\"a3\"}")));
        for (String topic : List.of("portal/admin/aluno/create", "portal/admin/aluno/update", "portal/admin/aluno/delete",
                "portal/admin/professor/create", "portal/admin/professor/delete", "portal/admin/disciplina/create",
                "portal/matricula/professor/add")) {
            assertTrue(portals.announced.stream().anyMatch(m -> m.startsWith(topic + " ")), topic + " not in " + portals.announced);
        }
    }

    @Test
    void badInputIsRefusedByNameAndNothingIsWritten() {
        var admin = portals.admin(0);
        refused("the student's id is empty", admin.novoAluno(aluno("", "Ana")));
        refused("the student's name is empty", admin.novoAluno(aluno("a1", " ")));
        refused("the student's id 'a/1' holds a space, a '/' or a control character", admin.novoAluno(aluno("a/1", "Ana")));
        refused("course X cannot have -1 seats: give 0 or more",
                admin.novaDisciplina(Disciplina.newBuilder().setSigla("X").setNome("X").setVagas(-1).build()));
        refused("professor p9 does not exist", admin.removeProfessor(id("p9")));
        assertTrue(list(admin.obtemTodosAlunos(Vazia.getDefaultInstance())).isEmpty(), "nothing half-written");
        assertTrue(list(admin.obtemTodasDisciplinas(Vazia.getDefaultInstance())).isEmpty());

        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> admin.obtemAluno(id("a404")));
        assertEquals(io.grpc.Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals("student a404 does not exist", missing.getStatus().getDescription());
        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class, () -> admin.obtemDisciplina(id("")));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());

        var enroll = portals.enrollment(0);
        ok(admin.novoAluno(aluno("a1", "Ana")));
        refused("course NOPE does not exist", enroll.adicionaAluno(pair("NOPE", "a1")));
        ok(admin.novaDisciplina(Disciplina.newBuilder().setSigla("SD").setNome("SD").setVagas(1).build()));
        refused("student a404 does not exist", enroll.adicionaAluno(pair("SD", "a404")));
        refused("professor p404 does not exist", enroll.adicionaProfessor(pair("SD", "p404")));
        refused("student a1 is not enrolled in course SD", enroll.removeAluno(pair("SD", "a1")));
        StatusRuntimeException noCourse = assertThrows(StatusRuntimeException.class, () -> enroll.detalhaDisciplina(id("NOPE")));
        assertEquals(io.grpc.Status.Code.NOT_FOUND, noCourse.getStatus().getCode());
        assertFalse(enroll.detalhaDisciplina(id("SD")).hasProfessor());
    }
}
