package netshell.web;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import netshell.web.feed.SseEvent;

/**
 * The events every open page receives. A page that connects gets the latest picture and rates and the recent
 * lessons at once; a page that falls behind loses its oldest events rather than slowing the shell.
 */
final class EventHub {
    /** Events a slow page may lag behind before its oldest are dropped. */
    private static final int QUEUE = 256;
    private static final int LESSONS_KEPT = 50;

    private final List<BlockingQueue<SseEvent>> clients = new CopyOnWriteArrayList<>();
    /** The newest event of each kind that a new page needs whole (topology, rates). */
    private final Map<String, SseEvent> latest = new ConcurrentHashMap<>();
    private final Deque<SseEvent> lessons = new ArrayDeque<>();

    /** A new page: its queue already holds the state so far, oldest lesson first. */
    BlockingQueue<SseEvent> join() {
        BlockingQueue<SseEvent> q = new ArrayBlockingQueue<>(QUEUE + LESSONS_KEPT + 4);
        latest.values().forEach(q::offer);
        synchronized (lessons) {
            lessons.forEach(q::offer);
        }
        clients.add(q);
        return q;
    }

    void leave(BlockingQueue<SseEvent> q) { clients.remove(q); }

    int pages() { return clients.size(); }

    /** The current state of its kind: a page that joins later gets it too. */
    void publishState(SseEvent e) {
        latest.put(e.name(), e);
        send(e);
    }

    /** One in a series (lessons): the last few are kept for pages that join later. */
    void publishLesson(SseEvent e) {
        synchronized (lessons) {
            lessons.addLast(e);
            while (lessons.size() > LESSONS_KEPT) lessons.removeFirst();
        }
        send(e);
    }

    private void send(SseEvent e) {
        for (BlockingQueue<SseEvent> q : clients) {
            while (!q.offer(e)) q.poll();
        }
    }
}
