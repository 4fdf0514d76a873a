package io.vkv.examples.enrollment;

import br.ufu.facom.gbc074.projeto.cadastro.Aluno;
import br.ufu.facom.gbc074.projeto.cadastro.Disciplina;
import br.ufu.facom.gbc074.projeto.cadastro.Professor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vkv.client.Context;
import io.vkv.client.Sibling;
import io.vkv.client.Versions;
import io.vkv.client.VkvClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who teaches and who attends each course, in vkv. A course's professor is one key: two professors assigned at once
 * through different portals leave siblings, and the earliest assignment (hybrid-clock time, then id) is the course's.
 * Each enrollment is a key of its own; a course that, once writes meet, holds more enrollments than seats keeps them by
 * {@link SeatRule} and the rest are bumped: moved to {@code enrollment/bumped/<course>/<student>} and announced.
 * Reports leave out people who were removed and enrollments that lost their seat.
 */
final class Enrollments {

    private static final Logger log = LoggerFactory.getLogger(Enrollments.class);
    private static final Comparator<Sibling> FIRST_ASSIGNED = Comparator.comparingLong(Sibling::hlc).thenComparing(Sibling::valueString);

    /** A course as its report shows it: the record, its professor (if any) and the students holding seats, in seat order. */
    record Course(Disciplina course, Optional<Professor> professor, List<Aluno> students) {
    }

    private final VkvClient kv;
    private final Records records;
    private final Announcer announcer;

    Enrollments(VkvClient kv, Records records, Announcer announcer) {
        this.kv = kv;
        this.records = records;
        this.announcer = announcer;
    }

    /** Makes {@code professor} the professor of {@code course}; refused when the course has one. */
    void assignProfessor(String course, String professor) {
        requireCourse(course);
        requirePerson(Kind.PROFESSOR, professor);
        Versions slot = kv.get(Keys.professorOf(course));
        Optional<String> current = professorId(slot);
        if (current.isPresent()) {
            throw new BadInput("course " + course + " already has professor " + current.get()
                    + (current.get().equals(professor) ? "" : ": remove them first"));
        }
        kv.put(Keys.utf8(Keys.professorOf(course)), Keys.utf8(professor), slot.context());
        announcer.announce("portal/matricula/professor/add", Announcer.json("disciplina", course, "idPessoa", professor));
    }

    /** Takes {@code professor} off {@code course}; refused when they do not teach it. */
    void removeProfessor(String course, String professor) {
        requireCourse(course);
        Versions slot = kv.get(Keys.professorOf(course));
        if (!professorId(slot).filter(professor::equals).isPresent()) {
            throw new BadInput("professor " + professor + " does not teach course " + course);
        }
        kv.delete(Keys.utf8(Keys.professorOf(course)), slot.context());
        announcer.announce("portal/matricula/professor/remove", Announcer.json("disciplina", course, "idPessoa", professor));
    }

    /** Enrolls {@code student} in {@code course}; refused when enrolled already or when every seat is taken. */
    void enroll(String course, String student) {
        Disciplina c = requireCourse(course);
        requirePerson(Kind.ALUNO, student);
        Versions existing = kv.get(Keys.enrollment(course, student));
        if (existing.found()) {
            throw new BadInput("student " + student + " is already enrolled in course " + course);
        }
        int taken = seats(course, c.getVagas()).kept().size();
        if (taken >= c.getVagas()) {
            throw new BadInput("course " + course + " is full: " + taken + " of " + c.getVagas() + " seats taken");
        }
        kv.put(Keys.utf8(Keys.enrollment(course, student)), Keys.utf8(student), existing.context());
        announcer.announce("portal/matricula/aluno/add", Announcer.json("disciplina", course, "idPessoa", student));
    }

    /** Takes {@code student} out of {@code course}; refused when not enrolled. */
    void unenroll(String course, String student) {
        requireCourse(course);
        Versions existing = kv.get(Keys.enrollment(course, student));
        if (!existing.found()) {
            throw new BadInput("student " + student + " is not enrolled in course " + course);
        }
        kv.delete(Keys.utf8(Keys.enrollment(course, student)), existing.context());
        announcer.announce("portal/matricula/aluno/remove", Announcer.json("disciplina", course, "idPessoa", student));
    }

    /** The report of {@code course}; throws {@link BadInput} when it does not exist. */
    Course report(String course) {
        return report(requireCourse(course));
    }

    /** Every course's report, in course order. */
    List<Course> allReports() {
        List<Course> out = new ArrayList<>();
        for (byte[] record : records.all(Kind.DISCIPLINA)) {
            out.add(report(parse(record)));
        }
        return out;
    }

    /**
     * Bumps what over-fills {@code course} (see {@link SeatRule}); returns the students bumped. Every portal may do it
     * for the same course at once: they bump the same enrollments, and their writes merge.
     */
    List<String> settle(String course) {
        Optional<byte[]> record = records.get(Kind.DISCIPLINA, course);
        if (record.isEmpty()) {
            return List.of();
        }
        SeatRule.Seats seats = seats(course, parse(record.get()).getVagas());
        List<String> bumped = new ArrayList<>();
        for (SeatRule.Enrollment e : seats.bumped()) {
            Versions v = kv.get(Keys.enrollment(course, e.student()));
            if (!v.found()) {
                continue;
            }
            kv.put(Keys.utf8(Keys.bumped(course, e.student())), Keys.utf8(Announcer.json("disciplina", course, "idPessoa", e.student(),
                    "enrolledAtHlc", Long.toString(e.hlc()), "reason", "over capacity when enrollments merged")), Context.EMPTY);
            kv.delete(Keys.utf8(Keys.enrollment(course, e.student())), v.context());
            log.warn("course {}: student {} lost the seat to earlier enrollments (over capacity when the portals' writes met)", course, e.student());
            announcer.announce("portal/matricula/aluno/bumped", Announcer.json("disciplina", course, "idPessoa", e.student()));
            bumped.add(e.student());
        }
        return bumped;
    }

    /** Removes {@code student}'s enrollments (after the student record is removed). */
    void dropStudent(String student) {
        Iterator<Versions> it = kv.scanPrefix(Keys.allCourses(), 500);
        while (it.hasNext()) {
            Versions v = it.next();
            String[] cs = Keys.courseAndStudent(v.keyString());
            if (cs != null && cs[1].equals(student) && v.found()) {
                kv.delete(v.key(), v.context());
            }
        }
    }

    /** Takes {@code professor} off every course they teach (after the professor record is removed). */
    void dropProfessor(String professor) {
        for (byte[] record : records.all(Kind.DISCIPLINA)) {
            String course = parse(record).getSigla();
            Versions slot = kv.get(Keys.professorOf(course));
            if (professorId(slot).filter(professor::equals).isPresent()) {
                kv.delete(Keys.utf8(Keys.professorOf(course)), slot.context());
            }
        }
    }

    private Course report(Disciplina course) {
        Optional<Professor> professor = professorId(kv.get(Keys.professorOf(course.getSigla())))
                .flatMap(id -> records.get(Kind.PROFESSOR, id)).map(Enrollments::professor);
        Seating seating = seating(course.getSigla(), course.getVagas());
        List<Aluno> students = new ArrayList<>();
        for (SeatRule.Enrollment e : seating.seats().kept()) {
            students.add(seating.students().get(e.student()));
        }
        return new Course(course, professor, students);
    }

    /** The seats of a course, and the records of the students enrolled in it (read once, for the check and the report). */
    private record Seating(SeatRule.Seats seats, Map<String, Aluno> students) {
    }

    private SeatRule.Seats seats(String course, int capacity) {
        return seating(course, capacity).seats();
    }

    /** The course's enrollments of students that still exist, seated by {@link SeatRule}. */
    private Seating seating(String course, int capacity) {
        Map<String, Aluno> students = new LinkedHashMap<>();
        List<SeatRule.Enrollment> all = new ArrayList<>();
        Iterator<Versions> it = kv.scanPrefix(Keys.enrollments(course), 500);
        while (it.hasNext()) {
            Versions v = it.next();
            String[] cs = Keys.courseAndStudent(v.keyString());
            List<Sibling> live = v.live();
            if (cs == null || live.isEmpty()) {
                continue;
            }
            Optional<byte[]> record = records.get(Kind.ALUNO, cs[1]);
            if (record.isPresent()) {
                students.put(cs[1], student(record.get()));
                all.add(new SeatRule.Enrollment(cs[1], live.stream().mapToLong(Sibling::hlc).min().orElseThrow()));
            }
        }
        return new Seating(SeatRule.seat(all, capacity), students);
    }

    /** The professor a course's slot holds: the earliest of concurrent assignments. */
    private static Optional<String> professorId(Versions slot) {
        return slot.live().stream().min(FIRST_ASSIGNED).map(s -> new String(s.value(), StandardCharsets.UTF_8));
    }

    private Disciplina requireCourse(String course) {
        Keys.id(Kind.DISCIPLINA, course);
        return records.get(Kind.DISCIPLINA, course).map(Enrollments::parse)
                .orElseThrow(() -> new BadInput("course " + course + " does not exist"));
    }

    private void requirePerson(Kind kind, String id) {
        Keys.id(kind, id);
        if (records.get(kind, id).isEmpty()) {
            throw new BadInput(kind.noun() + " " + id + " does not exist");
        }
    }

    static Disciplina parse(byte[] record) {
        try {
            return Disciplina.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a course record in vkv is not a Disciplina: " + e.getMessage(), e);
        }
    }

    static Professor professor(byte[] record) {
        try {
            return Professor.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a professor record in vkv is not a Professor: " + e.getMessage(), e);
        }
    }

    static Aluno student(byte[] record) {
        try {
            return Aluno.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a student record in vkv is not an Aluno: " + e.getMessage(), e);
        }
    }
}
