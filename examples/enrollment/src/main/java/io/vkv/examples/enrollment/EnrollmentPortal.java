package io.vkv.examples.enrollment;

import br.ufu.facom.gbc074.projeto.cadastro.Identificador;
import br.ufu.facom.gbc074.projeto.cadastro.Status;
import br.ufu.facom.gbc074.projeto.matricula.DisciplinaPessoa;
import br.ufu.facom.gbc074.projeto.matricula.PortalMatriculaGrpc;
import br.ufu.facom.gbc074.projeto.matricula.RelatorioDisciplina;
import br.ufu.facom.gbc074.projeto.matricula.ResumoDisciplina;
import io.grpc.stub.StreamObserver;

/** {@code project.PortalMatricula}: professors and students in courses, and the reports, over vkv. */
final class EnrollmentPortal extends PortalMatriculaGrpc.PortalMatriculaImplBase {

    private final Enrollments enrollments;

    EnrollmentPortal(Enrollments enrollments) {
        this.enrollments = enrollments;
    }

    @Override
    public void adicionaProfessor(DisciplinaPessoa r, StreamObserver<Status> out) {
        Answers.status(out, "professor " + r.getIdPessoa() + " teaches course " + r.getDisciplina(),
                () -> enrollments.assignProfessor(r.getDisciplina(), r.getIdPessoa()));
    }

    @Override
    public void removeProfessor(DisciplinaPessoa r, StreamObserver<Status> out) {
        Answers.status(out, "professor " + r.getIdPessoa() + " no longer teaches course " + r.getDisciplina(),
                () -> enrollments.removeProfessor(r.getDisciplina(), Keys.id(Kind.PROFESSOR, r.getIdPessoa())));
    }

    @Override
    public void adicionaAluno(DisciplinaPessoa r, StreamObserver<Status> out) {
        Answers.status(out, "student " + r.getIdPessoa() + " enrolled in course " + r.getDisciplina(),
                () -> enrollments.enroll(r.getDisciplina(), r.getIdPessoa()));
    }

    @Override
    public void removeAluno(DisciplinaPessoa r, StreamObserver<Status> out) {
        Answers.status(out, "student " + r.getIdPessoa() + " left course " + r.getDisciplina(),
                () -> enrollments.unenroll(r.getDisciplina(), Keys.id(Kind.ALUNO, r.getIdPessoa())));
    }

    @Override
    public void detalhaDisciplina(Identificador id, StreamObserver<RelatorioDisciplina> out) {
        Answers.value(out, () -> detail(enrollments.report(id.getId())));
    }

    @Override
    public void obtemDisciplinasProfessor(Identificador id, StreamObserver<RelatorioDisciplina> out) {
        try {
            Keys.id(Kind.PROFESSOR, id.getId());
            for (Enrollments.Course c : enrollments.allReports()) {
                if (c.professor().filter(p -> p.getSiape().equals(id.getId())).isPresent()) {
                    out.onNext(detail(c));
                }
            }
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(Answers.error(e));
        }
    }

    @Override
    public void obtemDisciplinasAluno(Identificador id, StreamObserver<ResumoDisciplina> out) {
        try {
            Keys.id(Kind.ALUNO, id.getId());
            for (Enrollments.Course c : enrollments.allReports()) {
                if (c.students().stream().anyMatch(a -> a.getMatricula().equals(id.getId()))) {
                    ResumoDisciplina.Builder b = ResumoDisciplina.newBuilder().setDisciplina(c.course()).setTotalAlunos(c.students().size());
                    c.professor().ifPresent(b::setProfessor);
                    out.onNext(b.build());
                }
            }
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(Answers.error(e));
        }
    }

    private static RelatorioDisciplina detail(Enrollments.Course c) {
        RelatorioDisciplina.Builder b = RelatorioDisciplina.newBuilder().setDisciplina(c.course()).addAllAlunos(c.students());
        c.professor().ifPresent(b::setProfessor);
        return b.build();
    }
}
