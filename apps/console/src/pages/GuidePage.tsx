// The staff guide: plain-language help for support managers and agents.
import { Link } from "wouter";

export function GuidePage() {
  return (
    <article className="panel panel-body guide">
      <h1>Staff guide</h1>
      <p className="muted">How the chat bot works and how to look after it. No technical knowledge needed.</p>

      <h2>What the bot does with your FAQs</h2>
      <ul>
        <li>
          The chat on your website answers customers <strong>only from the active FAQs</strong> on the{" "}
          <Link to="/faqs">FAQs</Link> page. It does not search the internet or invent policies.
        </li>
        <li>
          For every customer message it reads your active FAQs. If you have many, it reads the ones most related to the
          question (up to the “FAQ budget” set by an admin in Settings).
        </li>
        <li>
          When the FAQs don't cover a question, the bot says so and offers to pass the customer to a person. That
          creates a ticket.
        </li>
        <li>Changes to FAQs apply to the very next customer message. There is nothing to publish or restart.</li>
      </ul>
      <p className="tip">
        Tip: after adding or changing an FAQ, open <Link to="/try">Try the bot</Link>, type the question the way a
        customer would, and check the answer.
      </p>

      <h2>Adding an FAQ</h2>
      <ol>
        <li>
          Go to <Link to="/faqs">FAQs</Link> and click <strong>+ New FAQ</strong>.
        </li>
        <li>Write the question the way customers ask it, e.g. “How long does shipping take?”.</li>
        <li>
          Choose a category from the list, or type a new one (e.g. <em>shipping</em>, <em>returns</em>). Categories help
          you find FAQs and help the bot match questions.
        </li>
        <li>
          Write the answer. Short and specific works best. You can use simple formatting: <code>**bold**</code>, lists
          starting with <code>-</code>, and links. Click <strong>Preview</strong> to see how it looks.
        </li>
        <li>
          Click <strong>Add FAQ</strong>.
        </li>
      </ol>

      <h2>Editing an FAQ</h2>
      <p>
        Find it with the search box (it searches questions and answers) or the category filter, then click{" "}
        <strong>Edit</strong>. Save, and the bot uses the new answer from the next message.
      </p>

      <h2>Deactivating and restoring</h2>
      <ul>
        <li>
          Use the <strong>Active</strong> switch in the FAQ table to take an answer out of use, for example a seasonal
          offer that has ended. The FAQ stays in the list (greyed out) and the bot stops using it at once.
        </li>
        <li>
          To bring it back, open the <strong>Inactive</strong> tab and switch it on again. Nothing is lost.
        </li>
        <li>
          <strong>Delete</strong> removes an FAQ for good and asks you to confirm first. If you may need it again,
          deactivate it instead.
        </li>
      </ul>

      <h2>Importing and exporting</h2>
      <ul>
        <li>
          <strong>Export CSV</strong> gives a file you can open in Excel or Google Sheets; <strong>Export JSON</strong>{" "}
          is for backups and developers.
        </li>
        <li>
          <strong>Import…</strong> takes a CSV with the columns <code>question</code>, <code>answer</code>, and
          optionally <code>category</code> and <code>active</code> (yes/no). You first see a summary: how many FAQs will
          be added, how many updated, and which rows have problems and why. Nothing changes until you click{" "}
          <strong>Import</strong>.
        </li>
        <li>
          A row whose question matches an existing FAQ (ignoring capital letters and extra spaces) updates that FAQ
          instead of adding a copy.
        </li>
      </ul>

      <h2>Handling tickets</h2>
      <ol>
        <li>
          A ticket is created when a customer asks for a person. If an admin set notification addresses in Settings,
          those people get an email with a link to the ticket.
        </li>
        <li>
          Open <Link to="/tickets">Tickets</Link>. The <strong>Open</strong> tab shows who is waiting. Click a ticket to
          read the conversation the customer had with the bot, their issue and their contact details.
        </li>
        <li>
          Click <strong>Assign to me</strong> (or pick a colleague) and <strong>Start working</strong> so others know it
          is taken.
        </li>
        <li>
          Contact the customer (click their email address), and add an internal note on what you did. Customers never
          see notes.
        </li>
        <li>
          Click <strong>Mark resolved</strong> when done. If the customer comes back, open the ticket and click{" "}
          <strong>Reopen</strong>.
        </li>
        <li>
          To close several at once, tick them in the list and click <strong>Mark … resolved</strong>.
        </li>
      </ol>
      <p className="muted">
        Filters help with a busy inbox: by status, by date, by who it is assigned to, or search the issue, contact,
        notes or ticket number (e.g. #1002).
      </p>

      <h2>Roles</h2>
      <ul>
        <li>
          <strong>Agents</strong> handle tickets and FAQs and can try the bot.
        </li>
        <li>
          <strong>Admins</strong> can also change Settings (business name, the bot's tone, the chat's colour,
          notification emails) and manage staff accounts.
        </li>
        <li>
          Forgot your password? Ask an admin to reset it. You can change your own password by clicking your name at the
          top right.
        </li>
      </ul>
    </article>
  );
}
