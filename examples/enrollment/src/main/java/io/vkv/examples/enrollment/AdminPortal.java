package io.vkv.examples.enrollment;

import br.ufu.facom.gbc074.projeto.cadastro.Aluno;
import br.ufu.facom.gbc074.projeto.cadastro.Disciplina;
import br.ufu.facom.gbc074.projeto.cadastro.Identificador;
import br.ufu.facom.gbc074.projeto.cadastro.PortalAdministrativoGrpc;
import br.ufu.facom.gbc074.projeto.cadastro.Professor;
import br.ufu.facom.gbc074.projeto.cadastro.Status;
import br.ufu.facom.gbc074.projeto.cadastro.Vazia;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;

/** {@code project.PortalAdministrativo}: students, professors and courses, kept in vkv and announced on MQTT. */
final class AdminPortal extends PortalAdministrativoGrpc.PortalAdministrativoImplBase {

    private final Records records;
    private final Enrollments enrollments;
    private final Announcer announcer;

    AdminPortal(Records records, Enrollments enrollments, Announcer announcer) {
        this.records = records;
        this.enrollments = enrollments;
        this.announcer = announcer;
    }

    @Override
    public void novoAluno(Aluno a, StreamObserver<Status> out) {
        Answers.status(out, "student " + a.getMatricula() + " created", () -> {
            records.create(Kind.ALUNO, Keys.id(Kind.ALUNO, a.getMatricula()), checked(a).toByteArray());
            announce(Kind.ALUNO, "create", a.getMatricula(), a.getNome());
        });
    }

    @Override
    public void editaAluno(Aluno a, StreamObserver<Status> out) {
        Answers.status(out, "student " + a.getMatricula() + " updated", () -> {
            records.edit(Kind.ALUNO, Keys.id(Kind.ALUNO, a.getMatricula()), checked(a).toByteArray());
            announce(Kind.ALUNO, "update", a.getMatricula(), a.getNome());
        });
    }

    @Override
    public void removeAluno(Identificador id, StreamObserver<Status> out) {
        Answers.status(out, "student " + id.getId() + " removed", () -> {
            records.remove(Kind.ALUNO, Keys.id(Kind.ALUNO, id.getId()));
            enrollments.dropStudent(id.getId()); // reports leave out removed students even before this is done
            announce(Kind.ALUNO, "delete", id.getId(), "");
        });
    }

    @Override
    public void obtemAluno(Identificador id, StreamObserver<Aluno> out) {
        Answers.value(out, () -> Enrollments.student(get(Kind.ALUNO, id.getId())));
    }

    @Override
    public void obtemTodosAlunos(Vazia v, StreamObserver<Aluno> out) {
        all(Kind.ALUNO, Enrollments::student, out);
    }

    @Override
    public void novoProfessor(Professor p, StreamObserver<Status> out) {
        Answers.status(out, "professor " + p.getSiape() + " created", () -> {
            records.create(Kind.PROFESSOR, Keys.id(Kind.PROFESSOR, p.getSiape()), checked(p).toByteArray());
            announce(Kind.PROFESSOR, "create", p.getSiape(), p.getNome());
        });
    }

    @Override
    public void editaProfessor(Professor p, StreamObserver<Status> out) {
        Answers.status(out, "professor " + p.getSiape() + " updated", () -> {
            records.edit(Kind.PROFESSOR, Keys.id(Kind.PROFESSOR, p.getSiape()), checked(p).toByteArray());
            announce(Kind.PROFESSOR, "update", p.getSiape(), p.getNome());
        });
    }

    @Override
    public void removeProfessor(Identificador id, StreamObserver<Status> out) {
        Answers.status(out, "professor " + id.getId() + " removed", () -> {
            records.remove(Kind.PROFESSOR, Keys.id(Kind.PROFESSOR, id.getId()));
            enrollments.dropProfessor(id.getId());
            announce(Kind.PROFESSOR, "delete", id.getId(), "");
        });
    }

    @Override
    public void obtemProfessor(Identificador id, StreamObserver<Professor> out) {
        Answers.value(out, () -> Enrollments.professor(get(Kind.PROFESSOR, id.getId())));
    }

    @Override
    public void obtemTodosProfessores(Vazia v, StreamObserver<Professor> out) {
        all(Kind.PROFESSOR, Enrollments::professor, out);
    }

    @Override
    public void novaDisciplina(Disciplina d, StreamObserver<Status> out) {
        Answers.status(out, "course " + d.getSigla() + " created", () -> {
            records.create(Kind.DISCIPLINA, Keys.id(Kind.DISCIPLINA, d.getSigla()), checked(d).toByteArray());
            announce(Kind.DISCIPLINA, "create", d.getSigla(), d.getNome(), "vagas", Integer.toString(d.getVagas()));
        });
    }

    @Override
    public void editaDisciplina(Disciplina d, StreamObserver<Status> out) {
        Answers.status(out, "course " + d.getSigla() + " updated", () -> {
            records.edit(Kind.DISCIPLINA, Keys.id(Kind.DISCIPLINA, d.getSigla()), checked(d).toByteArray());
            announce(Kind.DISCIPLINA, "update", d.getSigla(), d.getNome(), "vagas", Integer.toString(d.getVagas()));
        });
    }

    @Override
    public void removeDisciplina(Identificador id, StreamObserver<Status> out) {
        Answers.status(out, "course " + id.getId() + " removed", () -> {
            records.remove(Kind.DISCIPLINA, Keys.id(Kind.DISCIPLINA, id.getId()));
            announce(Kind.DISCIPLINA, "delete", id.getId(), "");
        });
    }

    @Override
    public void obtemDisciplina(Identificador id, StreamObserver<Disciplina> out) {
        Answers.value(out, () -> Enrollments.parse(get(Kind.DISCIPLINA, id.getId())));
    }

    @Override
    public void obtemTodasDisciplinas(Vazia v, StreamObserver<Disciplina> out) {
        all(Kind.DISCIPLINA, Enrollments::parse, out);
    }

    /** Streams every record of {@code kind}, or ends with the error that stopped it. */
    private <T> void all(Kind kind, Function<byte[], T> parse, StreamObserver<T> out) {
        try {
            records.all(kind).forEach(r -> out.onNext(parse.apply(r)));
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(Answers.error(e));
        }
    }

    private byte[] get(Kind kind, String id) {
        return records.get(kind, Keys.id(kind, id)).orElseThrow(() -> new BadInput(kind.noun() + " " + id + " does not exist"));
    }

    private static Aluno checked(Aluno a) {
        Keys.name(Kind.ALUNO, a.getNome());
        return a;
    }

    private static Professor checked(Professor p) {
        Keys.name(Kind.PROFESSOR, p.getNome());
        return p;
    }

    private static Disciplina checked(Disciplina d) {
        Keys.name(Kind.DISCIPLINA, d.getNome());
        if (d.getVagas() < 0) {
            throw new BadInput("course " + d.getSigla() + " cannot have " + d.getVagas() + " seats: give 0 or more");
        }
        return d;
    }

    private void announce(Kind kind, String change, String id, String name, String... more) {
        String[] fields = new String[4 + more.length];
        fields[0] = "id";
        fields[1] = id;
        fields[2] = "nome";
        fields[3] = name;
        System.arraycopy(more, 0, fields, 4, more.length);
        announcer.announce("portal/admin/" + kind.word() + "/" + change, Announcer.json(fields));
    }
}
